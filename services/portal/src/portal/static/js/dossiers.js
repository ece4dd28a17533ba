/* Journey 1b, an enhancement of forms that work without it: each form sends once; a document can be
   dropped on the page, its SHA-256 is computed here before the upload, the upload shows its progress,
   and the checksum the service stored is shown beside the one computed here. */
(function () {
  "use strict";

  function sendOnce(form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.sending === "1") {
        event.preventDefault();
        return;
      }
      form.dataset.sending = "1";
      form.setAttribute("aria-busy", "true");
    });
  }

  function hex(buffer) {
    return Array.from(new Uint8Array(buffer), function (b) { return b.toString(16).padStart(2, "0"); }).join("");
  }

  function sha256(file) {
    if (!file || !window.crypto || !window.crypto.subtle) {
      return Promise.resolve(null);
    }
    return file.arrayBuffer()
      .then(function (bytes) { return window.crypto.subtle.digest("SHA-256", bytes); })
      .then(hex, function () { return null; });
  }

  function enhanceUpload(form) {
    var input = form.querySelector("#file");
    var zone = form.querySelector("#dropzone");
    var button = form.querySelector("button[type=submit]");
    var fileError = form.querySelector("#file-error");
    var kind = form.querySelector("#kind");
    var status = form.querySelector("#upload-status");
    var box = form.querySelector("#checksum");
    var local = form.querySelector("#sha-local");
    var stored = form.querySelector("#sha-server");
    var verdict = form.querySelector("#sha-verdict");
    var progress = form.querySelector("#progress");
    var bar = form.querySelector("#upload-progress");
    var percent = form.querySelector("#upload-percent");
    var computed = Promise.resolve(null);
    var sending = false;

    form.querySelector(".drop-hint").hidden = false;

    function clearError() {
      fileError.hidden = true;
      fileError.textContent = "";
      input.removeAttribute("aria-invalid");
      input.removeAttribute("aria-describedby");
    }

    function showError(message, field) {
      var target = field === "kind" ? kind : input;
      fileError.textContent = message;
      fileError.hidden = false;
      target.setAttribute("aria-invalid", "true");
      target.setAttribute("aria-describedby", "file-error");
      status.textContent = "Chưa đính kèm được: " + message;
    }

    function chosen() {
      var file = input.files[0];
      clearError();
      status.textContent = "";
      if (!file) {
        box.hidden = true;
        return;
      }
      box.hidden = false;
      local.textContent = "đang tính…";
      stored.textContent = "—";
      verdict.textContent = "";
      verdict.className = "verdict";
      computed = sha256(file).then(function (sum) {
        local.textContent = sum || "trình duyệt này không tính được";
        return sum;
      });
    }

    ["dragenter", "dragover"].forEach(function (type) {
      zone.addEventListener(type, function (event) {
        event.preventDefault();
        zone.classList.add("over");
      });
    });
    zone.addEventListener("dragleave", function () { zone.classList.remove("over"); });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      zone.classList.remove("over");
      if (event.dataTransfer && event.dataTransfer.files.length) {
        input.files = event.dataTransfer.files;
        chosen();
      }
    });
    input.addEventListener("change", chosen);

    function done(xhr, sum) {
      var body;
      try {
        body = JSON.parse(xhr.responseText);
      } catch (e) {
        body = { ok: false, message: "Hệ thống đang bận hoặc tạm dừng; hãy thử lại sau ít phút.", fields: {} };
      }
      if (body.key) {
        form.querySelector("input[name=key]").value = body.key;
      }
      sending = false;
      button.disabled = false;
      form.removeAttribute("aria-busy");
      if (!body.ok) {
        var fields = body.fields || {};
        var field = fields.kind ? "kind" : "file";
        showError(fields[field] || body.message, field);
        return;
      }
      if (!body.html) {
        window.location.reload();
        return;
      }
      document.getElementById("attachments").innerHTML = body.html;
      stored.textContent = body.sha256;
      if (!sum) {
        verdict.textContent = "Không so được: trình duyệt không tính được mã kiểm tra.";
      } else if (sum === body.sha256) {
        verdict.textContent = "Khớp: tệp đã đến hệ thống nguyên vẹn.";
        verdict.className = "verdict ok";
      } else {
        verdict.textContent = "Không khớp: tệp đã bị thay đổi trên đường truyền; hãy tải lên lại.";
        verdict.className = "verdict bad";
      }
      status.textContent = "Đã đính kèm tệp “" + body.filename + "”.";
      input.value = "";
    }

    function upload(sum) {
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.addEventListener("progress", function (event) {
        if (event.lengthComputable) {
          var value = Math.round((100 * event.loaded) / event.total);
          bar.value = value;
          percent.textContent = value + "%";
        }
      });
      xhr.upload.addEventListener("load", function () {
        bar.value = 100;
        percent.textContent = "100%";
      });
      xhr.addEventListener("load", function () { done(xhr, sum); });
      xhr.addEventListener("error", function () {
        sending = false;
        button.disabled = false;
        form.removeAttribute("aria-busy");
        showError("Mất kết nối khi tải lên; hãy thử lại.", "file");
      });
      bar.value = 0;
      percent.textContent = "0%";
      progress.hidden = false;
      xhr.send(new FormData(form));
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (sending || !form.reportValidity()) {
        return;
      }
      sending = true;
      button.disabled = true;
      form.setAttribute("aria-busy", "true");
      status.textContent = "Đang tải lên…";
      computed.then(upload);
    });
  }

  document.querySelectorAll("form[data-once]").forEach(sendOnce);
  var attach = document.getElementById("attach");
  if (attach) {
    enhanceUpload(attach);
  }
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-once]").forEach(function (form) {
      delete form.dataset.sending;
      form.removeAttribute("aria-busy");
    });
  });
})();
