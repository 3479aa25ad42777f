/*
 * Passkey buttons. A <button data-passkey-action="register|authenticate" data-options="{…}" data-error-message="…">
 * inside a form runs navigator.credentials.create/get with the server's options (JSON in data-options), puts the
 * result as JSON into the form's hidden input name="credential", and submits the form. On failure it shows
 * data-error-message in the form's [data-passkey-error] element (role="alert") and does not submit. Without WebAuthn
 * the buttons are hidden and [data-passkey-unsupported] is shown. Plain ES2019, no dependencies.
 */

(function () {
  "use strict";

  function toBuffer(base64url) {
    var base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
    var binary = atob(base64 + "====".slice(0, (4 - (base64.length % 4)) % 4));
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes.buffer;
  }

  function toBase64url(buffer) {
    var bytes = new Uint8Array(buffer);
    var binary = "";
    for (var i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function descriptors(list) {
    return (list || []).map(function (d) {
      return Object.assign({}, d, { id: toBuffer(d.id) });
    });
  }

  function creationOptions(json) {
    return Object.assign({}, json, {
      challenge: toBuffer(json.challenge),
      user: Object.assign({}, json.user, { id: toBuffer(json.user.id) }),
      excludeCredentials: descriptors(json.excludeCredentials),
    });
  }

  function requestOptions(json) {
    var options = Object.assign({}, json, { challenge: toBuffer(json.challenge) });
    if (json.allowCredentials) options.allowCredentials = descriptors(json.allowCredentials);
    return options;
  }

  function credentialJSON(credential) {
    var r = credential.response;
    var response = { clientDataJSON: toBase64url(r.clientDataJSON) };
    if (r.attestationObject) {
      response.attestationObject = toBase64url(r.attestationObject);
      response.transports = typeof r.getTransports === "function" ? r.getTransports() : [];
    } else {
      response.authenticatorData = toBase64url(r.authenticatorData);
      response.signature = toBase64url(r.signature);
      if (r.userHandle) response.userHandle = toBase64url(r.userHandle);
    }
    return {
      id: credential.id,
      rawId: toBase64url(credential.rawId),
      type: credential.type,
      response: response,
      clientExtensionResults: credential.getClientExtensionResults ? credential.getClientExtensionResults() : {},
      authenticatorAttachment: credential.authenticatorAttachment || undefined,
    };
  }

  function showError(button) {
    var box = button.form && button.form.querySelector("[data-passkey-error]");
    if (!box) return;
    box.setAttribute("role", "alert");
    box.textContent = button.getAttribute("data-error-message") || "";
    box.hidden = false;
  }

  function run(button) {
    var form = button.form;
    var action = button.getAttribute("data-passkey-action");
    var call;
    try {
      var json = JSON.parse(button.getAttribute("data-options") || "");
      if (action === "register") {
        call = navigator.credentials.create({ publicKey: creationOptions(json) });
      } else {
        var request = { publicKey: requestOptions(json) };
        var mediation = button.getAttribute("data-mediation");
        if (mediation) request.mediation = mediation;
        call = navigator.credentials.get(request);
      }
    } catch (e) {
      call = Promise.reject(e);
    }
    button.disabled = true;
    call
      .then(function (credential) {
        if (!credential || !form) throw new Error("no credential");
        var input = form.querySelector('input[name="credential"]');
        if (!input) {
          input = document.createElement("input");
          input.type = "hidden";
          input.name = "credential";
          form.appendChild(input);
        }
        input.value = JSON.stringify(credentialJSON(credential));
        form.submit();
      })
      .catch(function () {
        button.disabled = false;
        showError(button);
      });
  }

  function init() {
    var buttons = document.querySelectorAll("[data-passkey-action]");
    var supported = !!window.PublicKeyCredential && !!navigator.credentials;
    Array.prototype.forEach.call(buttons, function (button) {
      if (!supported) {
        button.hidden = true;
        return;
      }
      button.addEventListener("click", function (event) {
        event.preventDefault();
        run(button);
      });
    });
    if (!supported) {
      Array.prototype.forEach.call(document.querySelectorAll("[data-passkey-unsupported]"), function (el) {
        el.hidden = false;
      });
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
