// The simulated CCP page (runs inside the CCP iframe, on the region's origin).
// Like the real CCP it is a relay: messages from the host page (parent window) go up to the
// SharedWorker that holds the agent's view; what the worker says comes down to the host page.
// Page-level duties (as in the real CCP): answering globalResiliency::validate_global_signin from
// its own sign-in state, asking for `configure` when none came (request_configure), and telling
// the worker that this page is going away (close).
(function () {
  'use strict';
  var cfg = JSON.parse(document.getElementById('sim-config').textContent);
  var stateEl = document.getElementById('state');
  function show(text) {
    if (stateEl) stateEl.textContent = text;
  }
  if (cfg.neverLoad) {
    // Fault "neverLoad": the page is served but the CCP never comes up, so no acknowledge.
    show('not loading (fault neverLoad)');
    return;
  }
  if (window.parent === window) {
    show('This page is meant to be embedded by amazon-connect-streams.');
  }
  var worker = new SharedWorker(cfg.workerUrl, 'ConnectSharedWorker');
  var port = worker.port;
  var gotConfigure = false;
  var askedConfigure = false;
  var sentConfigureError = false;

  function down(msg) {
    window.parent.postMessage(msg, '*');
  }

  port.onmessage = function (e) {
    var msg = e.data;
    if (!msg) return;
    if (msg.sim === 'status') {
      show(msg.text);
      return;
    }
    if (msg.event === 'acknowledge' && msg.data && msg.data.id && !askedConfigure) {
      askedConfigure = true;
      setTimeout(function () {
        if (!gotConfigure) down({ event: 'request_configure' });
      }, 1000);
    }
    down({ event: msg.event, data: msg.data });
  };

  window.addEventListener('message', function (e) {
    if (e.source !== window.parent) return;
    var msg = e.data;
    if (!msg || typeof msg.event !== 'string') return;
    if (msg.event === 'configure') gotConfigure = true;
    if (msg.event === 'globalResiliency::validate_global_signin') {
      if (cfg.globalSigninInvalid) {
        down({
          event: 'globalResiliency::global_signin_invalid',
          data: { errorType: 'LILY_AGENT_CONFIG_MISSING', error: '[GR] Global signin authentication not found' },
        });
        if (!sentConfigureError) {
          sentConfigureError = true;
          down({
            event: 'globalResiliency::configure_error',
            data: {
              errorType: 'LILY_AGENT_CONFIG_MISSING',
              error: '[GR] Global signin authentication not found',
              instanceRegion: cfg.region,
            },
          });
        }
      } else {
        down({
          event: 'globalResiliency::global_signin_valid',
          data: { message: '[GR] Global signin validated successfully' },
        });
      }
    }
    port.postMessage({ event: msg.event, data: msg.data });
  });

  window.addEventListener('pagehide', function () {
    try {
      port.postMessage({ event: 'close' });
      port.close();
    } catch {
      /* the worker may already be gone */
    }
  });
  port.start();
})();
