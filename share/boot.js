// Starts the share page: imports the hashed wasm-bindgen module and instantiates the WASM. An
// external file because the server's Content-Security-Policy allows no inline script; the two
// hashed names come from Trunk (share/Trunk.toml `pattern_script`) as data attributes.
(function () {
  var tag = document.currentScript;
  import(tag.dataset.js).then(function (bindings) {
    return bindings.default({ module_or_path: tag.dataset.wasm });
  });
})();
