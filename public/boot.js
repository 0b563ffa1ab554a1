// Starts Peerline: imports the hashed wasm-bindgen module and instantiates the WASM. It lives in its
// own file because the server's Content-Security-Policy allows no inline script. The two hashed
// names come from Trunk (Trunk.toml `pattern_script`) as data attributes of this script's tag.
(function () {
  var tag = document.currentScript;
  import(tag.dataset.js).then(function (bindings) {
    return bindings.default({ module_or_path: tag.dataset.wasm });
  });
})();
