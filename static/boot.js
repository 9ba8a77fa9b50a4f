// Loads the wasm app. A static file (not an inline script) so the page's CSP needs no
// 'unsafe-inline' for scripts.
import init from './exhibit-app.js';

init({ module_or_path: './exhibit-app_bg.wasm' }).catch((error) => {
  const message = document.createElement('p');
  message.setAttribute('role', 'alert');
  message.textContent = 'Exhibit could not start: ' + error;
  document.body.appendChild(message);
});
