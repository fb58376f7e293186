// The share kit: copy buttons, and "Download everything" as a ZIP put together here, in the
// browser, from the kit's own files (images, the QR code, the texts): nothing is sent anywhere.
(function () {
  "use strict";
  function say(button, text) {
    var status = button.parentNode.querySelector(".kit-status");
    if (status) status.textContent = text;
  }
  document.querySelectorAll("[data-kit-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var field = document.querySelector(button.getAttribute("data-kit-copy"));
      var done = function () { say(button, button.getAttribute("data-copied")); };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, function () { field.select(); });
      } else {
        field.select();
        try { document.execCommand("copy"); done(); } catch (e) { /* the text stays selected */ }
      }
    });
  });

  // A ZIP with stored (uncompressed) entries: images are compressed already.
  var TABLE = (function () {
    var t = [];
    for (var n = 0; n < 256; n++) {
      var c = n;
      for (var k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      t[n] = c >>> 0;
    }
    return t;
  })();
  function crc32(bytes) {
    var c = 0xffffffff;
    for (var i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  }
  function zip(files) {
    var parts = [], central = [], offset = 0, encoder = new TextEncoder();
    files.forEach(function (file) {
      var name = encoder.encode(file.name), data = file.data, crc = crc32(data);
      var local = new DataView(new ArrayBuffer(30));
      local.setUint32(0, 0x04034b50, true); local.setUint16(4, 20, true); local.setUint16(6, 0x0800, true);
      local.setUint32(14, crc, true); local.setUint32(18, data.length, true); local.setUint32(22, data.length, true);
      local.setUint16(26, name.length, true);
      var entry = new DataView(new ArrayBuffer(46));
      entry.setUint32(0, 0x02014b50, true); entry.setUint16(4, 20, true); entry.setUint16(6, 20, true);
      entry.setUint16(8, 0x0800, true); entry.setUint32(16, crc, true); entry.setUint32(20, data.length, true);
      entry.setUint32(24, data.length, true); entry.setUint16(28, name.length, true); entry.setUint32(42, offset, true);
      parts.push(local, name, data);
      central.push(entry, name);
      offset += 30 + name.length + data.length;
    });
    var size = central.reduce(function (sum, part) { return sum + part.byteLength; }, 0);
    var end = new DataView(new ArrayBuffer(22));
    end.setUint32(0, 0x06054b50, true); end.setUint16(8, files.length, true); end.setUint16(10, files.length, true);
    end.setUint32(12, size, true); end.setUint32(16, offset, true);
    return new Blob(parts.concat(central, [end]), {type: "application/zip"});
  }
  function texts() {
    var lines = [document.getElementById("kit-url").value, ""];
    document.querySelectorAll("textarea[data-networks]").forEach(function (area) {
      lines.push(area.getAttribute("data-networks") + ":", area.value, "");
    });
    return new TextEncoder().encode(lines.join("\r\n"));
  }
  var button = document.querySelector("[data-kit-zip]");
  if (!button) return;
  button.addEventListener("click", function () {
    var links = Array.prototype.slice.call(document.querySelectorAll("a[download]"));
    Promise.all(links.map(function (a) {
      return fetch(a.href).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.arrayBuffer();
      }).then(function (b) { return {name: a.getAttribute("download"), data: new Uint8Array(b)}; });
    })).then(function (files) {
      var svg = document.querySelector(".kit-qr svg");
      if (svg) files.push({name: button.getAttribute("data-qr-name"), data: new TextEncoder().encode(svg.outerHTML)});
      files.push({name: button.getAttribute("data-texts-name"), data: texts()});
      var a = document.createElement("a");
      a.href = URL.createObjectURL(zip(files));
      a.download = button.getAttribute("data-kit-zip");
      document.body.appendChild(a);
      a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    }).catch(function () { say(button, button.getAttribute("data-failed")); });
  });
})();
