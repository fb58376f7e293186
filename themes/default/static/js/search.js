// The search page: Pagefind's UI (pagefind/pagefind-ui.js, written by wom build) searching
// for the header box's ?q=. Every label comes from the page: Pagefind translates its own by <html lang>.
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box || typeof window.PagefindUI === "undefined") {
    return;
  }
  var dateLabel = box.getAttribute("data-date-label");
  var ui = new window.PagefindUI({
    element: "#search",
    bundlePath: box.getAttribute("data-bundle"),
    baseUrl: "/", // the index holds each page's full path, sub-path included (search.py)
    showSubResults: false,
    showImages: true,
    excerptLength: 30,
    // show the photo, title, date and excerpt; the summary and the rest stay in the index
    processResult: function (result) {
      var meta = result.meta || {};
      var shown = { title: meta.title, image: meta.image, image_alt: meta.image_alt || "" };
      if (meta.date) {
        shown[dateLabel] = meta.date;
      }
      result.meta = shown;
      return result;
    }
  });
  // Pagefind's box has only a placeholder for a label: name it by the page's visible heading
  var input = box.querySelector(".pagefind-ui__search-input");
  if (input) {
    input.setAttribute("aria-labelledby", box.getAttribute("data-label-id"));
  }
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    ui.triggerSearch(query);
  }
})();
