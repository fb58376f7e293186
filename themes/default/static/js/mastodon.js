// Ask once for the reader's Mastodon server, remember it in this browser only (localStorage,
// never a cookie or a request), then open that server's share page.
(function () {
  "use strict";
  var KEY = "wom-mastodon-instance";
  var form = document.getElementById("mastodon-form");
  var input = document.getElementById("instance");
  var text = new URLSearchParams(location.search).get("text") || "";
  var saved = null;
  try { saved = localStorage.getItem(KEY); } catch (e) { /* storage may be off */ }
  if (saved) input.value = saved;

  // What people type: @user@host, user@host, host, https://host/..., an IDN or punycode host,
  // host:port. Returns the server as "host[:port]" (punycode), or null.
  function serverOf(typed) {
    var value = typed.trim();
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
      value = value.replace(/^@/, "");
      var at = value.lastIndexOf("@");
      if (at !== -1) value = value.slice(at + 1);
      value = "https://" + value;
    }
    var url;
    try { url = new URL(value); } catch (e) { return null; }
    if (!/^https?:$/.test(url.protocol) || url.username || url.password) return null;
    var labels = url.hostname.split(".");
    var top = labels[labels.length - 1];
    if (labels.length < 2 || labels.some(function (l) { return !l; }) || !/^([a-z]{2,}|xn--[a-z0-9-]+)$/.test(top)) return null;
    return url.host;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var server = serverOf(input.value);
    if (!server) {
      input.setCustomValidity(input.dataset.invalid || "Enter your server, such as mastodon.social, or your handle, such as @you@mastodon.social");
      input.reportValidity();
      return;
    }
    input.setCustomValidity("");
    try { localStorage.setItem(KEY, server); } catch (e) { /* fine: ask again next time */ }
    location.href = "https://" + server + "/share?text=" + encodeURIComponent(text);
  });
  input.addEventListener("input", function () { input.setCustomValidity(""); });
})();
