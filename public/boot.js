// Loads the app. An external file (not Trunk's inline loader) so the Content-Security-Policy
// needs no 'unsafe-inline'; Trunk writes the hashed file names into this tag's data attributes.
const tag = document.getElementById('procura-boot');
// The embedded sandbox (the endpoint unless one is saved) runs in a worker of its own: started
// here, its module loads and compiles while the page's does, instead of after it. The app
// adopts it (api/embedded.rs); its "ready" is noted until then.
try {
  if (localStorage.getItem('procura.endpoint') === null && window.Worker) {
    const worker = new Worker('/sandbox-worker_loader.js');
    worker.onmessage = (e) => { if (e.data === 'ready') worker.procuraReady = true; };
    window.procuraSandboxWorker = worker;
  }
} catch (_) { /* the app starts its own */ }
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
