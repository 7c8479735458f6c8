// Loads the app. An external file (not Trunk's inline loader) so the Content-Security-Policy
// needs no 'unsafe-inline'; Trunk writes the hashed file names into this tag's data attributes.
const tag = document.getElementById('procura-boot');
const status = document.getElementById('boot-status');
try {
  const { default: init } = await import(tag.dataset.js);
  await init({ module_or_path: tag.dataset.wasm });
  status?.remove();
} catch (err) {
  console.error('Procura failed to start', err);
  if (status) {
    status.setAttribute('role', 'alert');
    status.textContent =
      'Procura could not start in this browser. / Procura を起動できませんでした。 / ' +
      'Procura 無法啟動。 / Procura kunde inte starta.';
  }
}
