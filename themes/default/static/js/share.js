// Copy link and native share: the only scripts on a post; everything else is a plain link.
// What it says comes from the page (data-copied, data-select), in the page's language.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var item = button.closest("li");
      var status = item.querySelector(".copy-status");
      var url = button.getAttribute("data-copy");
      function fallback() {
        var label = item.querySelector(".copy-fallback");
        label.hidden = false;
        var input = label.querySelector("input");
        input.focus();
        input.select();
        status.textContent = status.getAttribute("data-select");
      }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(url).then(function () {
          status.textContent = status.getAttribute("data-copied");
        }, fallback);
      } else {
        fallback();
      }
    });
  });
  document.querySelectorAll("[data-share-native]").forEach(function (button) {
    var data = { title: button.dataset.title, text: button.dataset.text, url: button.dataset.url };
    if (!navigator.share || (navigator.canShare && !navigator.canShare(data))) return;
    button.closest("li").hidden = false;
    button.addEventListener("click", function () {
      navigator.share(data).catch(function () { /* the reader closed the share sheet */ });
    });
  });
})();
