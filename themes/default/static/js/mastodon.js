// Ask once for the reader's Mastodon server, remember it in this browser only, then share there.
(function () {
  "use strict";
  var KEY = "wom-mastodon-instance";
  var form = document.getElementById("mastodon-form");
  var input = document.getElementById("instance");
  var text = new URLSearchParams(location.search).get("text") || "";
  var saved = null;
  try { saved = localStorage.getItem(KEY); } catch (e) { /* storage may be off */ }
  if (saved) input.value = saved;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var host = input.value.trim().replace(/^https?:\/\//, "").replace(/\/.*$/, "");
    if (!/^[a-z0-9.-]+\.[a-z]{2,}$/i.test(host)) { input.setCustomValidity("Enter a server name such as mastodon.social"); input.reportValidity(); return; }
    input.setCustomValidity("");
    try { localStorage.setItem(KEY, host); } catch (e) { /* fine: ask again next time */ }
    location.href = "https://" + host + "/share?text=" + encodeURIComponent(text);
  });
})();
