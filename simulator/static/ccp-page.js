// The simulated CCP page (runs inside the CCP iframe, on the region's origin).
// Like the real CCP it is a relay: messages from the host page (parent window) go up to the
// SharedWorker that holds the agent's view; what the worker says comes down to the host page.
// Page-level duties (as in the real CCP): answering globalResiliency::validate_global_signin from
// its own sign-in state, asking for `configure` when none came (request_configure), and telling
// the worker that this page is going away (close).
// It also draws a CCP v2 look-alike (status selector on top, the contact card, the call controls at
// the bottom) from the agent data it relays, so a host page can be judged as agents will see it.
// The UI only reads the relayed messages; its buttons use the simulator's control API on this
// origin, as the real CCP's UI talks to the service directly, never through the host page.
(function () {
  'use strict';
  var cfg = JSON.parse(document.getElementById('sim-config').textContent);
  var ui = ccpUi(cfg);
  var show = ui.status;
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
    // The answer to this page's own Accept or Reject: not the host page's business.
    if (msg.event === 'api_response' && String(msg.data && msg.data.requestId).indexOf('sim-ccp-ui-') === 0) return;
    if ((msg.event === 'agent::update' || msg.event === 'agent::fetch_agent_data_from_ccp') && msg.data && msg.data.snapshot) {
      ui.agent(msg.data);
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

  // ---------------------------------------------------------------- the CCP's UI (a look-alike of CCP v2)
  // Status bar on top (the agent's status selector and the time in it), the contact tabs and card in
  // the middle, the call controls at the bottom, a one-line simulator footer. Hold and mute change
  // only this card: the simulator has no media. Contacts arrive connected (as with auto-accept);
  // one that is still ringing (agent connection `connecting`) gets Accept / Reject.
  function ccpUi(cfg) {
    var CSS = [
      'html,body{height:100%}',
      'body{margin:0;padding:0;font:14px/1.35 "Amazon Ember","Helvetica Neue",Roboto,Arial,sans-serif;color:#16191f;background:#fff;overflow:hidden}',
      '*{box-sizing:border-box}',
      '.ccp{display:flex;flex-direction:column;height:100%;min-width:0}',
      '.bar{display:flex;align-items:center;gap:8px;padding:8px 10px;background:#232f3e;color:#fff;min-height:52px}',
      '.bar[data-tone=ok]{background:#037f0c}.bar[data-tone=busy]{background:#0972d3}.bar[data-tone=acw]{background:#5f6b7a}',
      '.bar[data-tone=off]{background:#414d5c}.bar[data-tone=error]{background:#d91515}',
      '.status{flex:1;min-width:0;display:grid;gap:1px}',
      '.status select{justify-self:start;appearance:none;-webkit-appearance:none;max-width:100%;font:inherit;font-weight:700;font-size:15px;color:#fff;background:transparent url("data:image/svg+xml,%3Csvg xmlns=%27http://www.w3.org/2000/svg%27 width=%2712%27 height=%278%27%3E%3Cpath d=%27M1 1l5 5 5-5%27 stroke=%27%23fff%27 stroke-width=%272%27 fill=%27none%27/%3E%3C/svg%3E") no-repeat right 4px center;border:1px solid rgba(255,255,255,.55);border-radius:16px;padding:3px 24px 3px 10px;cursor:pointer}',
      '.status select option{color:#16191f;background:#fff}',
      '.status small{font-size:12px;opacity:.9;padding-left:11px}',
      '.icon{flex:none;width:30px;height:30px;border:0;border-radius:50%;background:transparent;color:#fff;font-size:17px;cursor:default;opacity:.85}',
      '.tabs{display:flex;gap:2px;padding:4px 6px 0;background:#f2f3f3;border-bottom:1px solid #d1d5db;overflow-x:auto}',
      '.tabs:empty{display:none}',
      '.tab{flex:0 1 auto;min-width:0;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;font:inherit;font-size:12px;border:1px solid #d1d5db;border-bottom:0;border-radius:6px 6px 0 0;background:#e9ebed;padding:4px 8px;cursor:pointer}',
      '.tab[aria-selected=true]{background:#fff;font-weight:700}',
      '.card{flex:1;min-height:0;overflow:auto;padding:14px 14px 10px;display:flex;flex-direction:column;gap:6px}',
      '.band{display:flex;justify-content:space-between;gap:8px;font-weight:700;font-size:13px;padding:6px 10px;border-radius:6px;background:#f2f8fd;color:#0972d3;border-left:4px solid #0972d3}',
      '.band[data-tone=ok]{background:#f2fcf3;color:#037f0c;border-color:#037f0c}.band[data-tone=hold]{background:#fffce9;color:#8d6605;border-color:#dfa200}',
      '.band[data-tone=error]{background:#fff7f7;color:#d91515;border-color:#d91515}.band[data-tone=acw]{background:#f4f4f4;color:#414d5c;border-color:#5f6b7a}',
      '.who{font-size:20px;font-weight:700;margin-top:6px;overflow-wrap:anywhere}',
      '.meta{color:#5f6b7a;font-size:13px;overflow-wrap:anywhere}',
      '.idle{margin:auto 0;text-align:center;color:#414d5c}',
      '.idle b{display:block;font-size:22px;color:#16191f;margin-bottom:4px}',
      '.chat{display:flex;flex-direction:column;gap:6px;margin-top:8px}',
      '.msg{max-width:85%;padding:6px 10px;border-radius:12px;font-size:13px;background:#e9ebed}',
      '.msg.me{align-self:flex-end;background:#d3e7f9}',
      '.type{margin-top:auto;padding:8px 10px;border:1px solid #d1d5db;border-radius:6px;color:#8d99a8;font-size:13px}',
      '.controls{padding:8px 10px 10px;border-top:1px solid #e9ebed;display:grid;gap:8px;background:#fff}',
      '.row{display:grid;grid-template-columns:repeat(4,minmax(0,1fr));gap:6px}',
      '.ctl{font:inherit;font-size:11px;display:grid;justify-items:center;gap:2px;padding:6px 2px;border:1px solid #d1d5db;border-radius:8px;background:#fff;color:#16191f;cursor:pointer;min-width:0}',
      '.ctl span{font-size:17px;line-height:1}',
      '.ctl[aria-pressed=true]{background:#0972d3;border-color:#0972d3;color:#fff}',
      '.ctl:disabled{opacity:.45;cursor:default}',
      '.big{font:inherit;font-weight:700;font-size:14px;padding:9px;border:0;border-radius:20px;color:#fff;background:#d91515;cursor:pointer}',
      '.big.accept{background:#037f0c}.big.plain{background:#414d5c}',
      '.pair{display:grid;grid-template-columns:1fr 1fr;gap:8px}',
      'button:focus-visible,select:focus-visible{outline:2px solid #539fe5;outline-offset:2px}',
      '.foot{font-size:10.5px;color:#5f6b7a;background:#f2f3f3;padding:3px 8px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;border-top:1px solid #e9ebed}',
    ].join('\n');
    var TYPE = {
      voice: { icon: '\u260E', label: 'Call', end: 'End call' },
      queue_callback: { icon: '\u260E', label: 'Callback', end: 'End call' },
      chat: { icon: '\u2709', label: 'Chat', end: 'End chat' },
      task: { icon: '\u2713', label: 'Task', end: 'End task' },
    };
    var CHAT = [
      ['Hi, my order 88213 has not moved since Monday.', false],
      ['Thanks, let me look at the tracking for you.', true],
    ];
    var data = null;
    var selectedId = null;
    var seen = {}; // contactId -> true: a contact that appears takes the card, as in the real CCP
    var local = {}; // contactId -> { hold, mute }: media the simulator does not model
    var busy = false;

    function el(tag, attrs, kids) {
      var n = document.createElement(tag);
      Object.keys(attrs || {}).forEach(function (k) {
        if (k === 'text') n.textContent = attrs[k];
        else if (k === 'on') n.addEventListener('click', attrs[k]);
        else if (attrs[k] !== false && attrs[k] != null) n.setAttribute(k, attrs[k] === true ? '' : attrs[k]);
      });
      (kids || []).forEach(function (c) {
        if (c) n.append(c);
      });
      return n;
    }
    var style = el('style', { text: CSS });
    var select = el('select', { 'aria-label': 'Agent status' });
    var since = el('small', { text: '' });
    var bar = el('header', { class: 'bar', 'data-tone': 'off' }, [
      el('div', { class: 'status' }, [select, since]),
      el('button', { class: 'icon', type: 'button', 'aria-label': 'Settings (not simulated)', tabindex: '-1', text: '\u2699' }),
    ]);
    var tabs = el('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Contacts' });
    var card = el('main', { class: 'card' });
    var controls = el('footer', { class: 'controls' });
    var foot = el('div', { class: 'foot', text: 'Simulated CCP \u00B7 ' + cfg.region + ' \u00B7 connecting\u2026' });
    var root = el('div', { class: 'ccp' }, [bar, tabs, card, controls, foot]);
    document.head.append(style);
    document.body.replaceChildren(root);
    card.append(el('div', { class: 'idle' }, [el('b', { text: 'Loading\u2026' }), el('span', { text: 'Amazon Connect CCP (simulated)' })]));

    select.addEventListener('change', function () {
      control('agent-state', { name: select.value, region: cfg.region });
    });

    function control(action, body) {
      busy = true;
      return fetch('/sim/s/' + encodeURIComponent(cfg.session) + '/' + action, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body || {}),
      })
        .then(function (r) {
          return r.ok ? null : r.json().then(function (j) {
            foot.textContent = 'Simulator: ' + (j.error || r.status);
          });
        })
        .catch(function (e) {
          foot.textContent = 'Simulator unreachable: ' + e.message;
        })
        .finally(function () {
          busy = false;
        });
    }

    // Accept and Reject go as the real CCP's do: an API call through the worker to the service
    // (its answer is this page's own; the host page's Streams ignores a request id it did not send).
    var apiCalls = 0;
    function api(method, params) {
      port.postMessage({ event: 'api_request', data: { method: method, params: params, requestId: 'sim-ccp-ui-' + ++apiCalls } });
    }

    function clock(date) {
      var ms = date ? Date.now() - new Date(date).getTime() : 0;
      var s = Math.max(0, Math.floor(ms / 1000));
      var h = Math.floor(s / 3600);
      var mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
      var ss = String(s % 60).padStart(2, '0');
      return (h ? h + ':' : '') + mm + ':' + ss;
    }
    function agentConn(c) {
      return (c.connections || []).find(function (x) { return x.type === 'agent'; }) || {};
    }
    function customer(c) {
      var conn = (c.connections || []).find(function (x) { return x.type !== 'agent'; });
      var ep = (conn && (conn.endpoint || conn.address)) || {};
      return ep.phoneNumber || ep.name || 'Customer';
    }
    function phase(c) {
      var st = (c.state && c.state.type) || c.status;
      var conn = agentConn(c).state;
      if (st === 'error') return 'error';
      if (st === 'ended' || st === 'missed' || st === 'rejected') return 'ended';
      if ((conn && conn.type === 'connecting') || st === 'connecting' || st === 'incoming' || st === 'pending') return 'ringing';
      if (local[c.contactId] && local[c.contactId].hold) return 'hold';
      return 'connected';
    }

    function renderBar() {
      var snap = data.snapshot;
      var st = snap.state;
      var chosen = (snap.agentAvailabilityState && snap.agentAvailabilityState.state) || st.name;
      var names = data.configuration.agentStates.map(function (x) { return x.name; });
      if (select.options.length !== names.length || names.some(function (n, i) { return select.options[i].value !== n; })) {
        select.replaceChildren.apply(select, names.map(function (n) { return el('option', { value: n, text: n }); }));
      }
      if (document.activeElement !== select) select.value = chosen;
      var onContact = st.type === 'system';
      bar.dataset.tone = onContact
        ? st.name === 'AfterCallWork' ? 'acw' : /Missed|Error|Failed/.test(st.name) ? 'error' : 'busy'
        : st.type === 'routable' ? 'ok' : 'off';
      since.textContent = (onContact ? (st.name === 'AfterCallWork' ? 'After call work' : 'On contact') + ' \u00B7 ' : '') + clock(st.startTimestamp);
    }

    function renderTabs(contacts) {
      tabs.replaceChildren.apply(
        tabs,
        contacts.length < 2 ? [] : contacts.map(function (c) {
          var t = TYPE[c.type] || TYPE.task;
          return el('button', {
            class: 'tab', type: 'button', role: 'tab', 'aria-selected': String(c.contactId === selectedId),
            text: t.icon + ' ' + (c.type === 'voice' || c.type === 'queue_callback' ? customer(c) : t.label),
            on: function () { selectedId = c.contactId; render(); },
          });
        }),
      );
    }

    function renderIdle() {
      var st = data.snapshot.state;
      var routable = st.type === 'routable';
      card.replaceChildren(el('div', { class: 'idle' }, [
        el('b', { text: st.name }),
        el('span', { text: routable ? 'Waiting for contacts' : st.type === 'offline' ? 'Set your status to Available to take contacts' : 'You get no contacts in this status' }),
      ]));
      controls.replaceChildren(el('div', { class: 'row' }, [
        ctl('\u2630', 'Quick connects', null, true),
        ctl('\u2328', 'Number pad', null, true),
        ctl('\u21BB', 'Callbacks', null, true),
        ctl('\u2302', 'Apps', null, true),
      ]));
    }

    function ctl(icon, label, onClick, disabled, pressed) {
      return el('button', {
        class: 'ctl', type: 'button', disabled: !!disabled, 'aria-pressed': pressed == null ? false : String(pressed),
        title: disabled && !onClick ? label + ' (not simulated)' : label, on: onClick || null,
      }, [el('span', { text: icon, 'aria-hidden': 'true' }), label]);
    }
    function big(text, cls, onClick) {
      return el('button', { class: 'big' + (cls ? ' ' + cls : ''), type: 'button', text: text, on: onClick, disabled: busy });
    }

    function renderContact(c) {
      var t = TYPE[c.type] || TYPE.task;
      var p = phase(c);
      var voice = c.type === 'voice' || c.type === 'queue_callback';
      var m = local[c.contactId] || (local[c.contactId] = { hold: false, mute: false });
      var end = function () { control('contacts/' + encodeURIComponent(c.contactId) + '/end'); };
      var bandText = {
        ringing: voice ? 'Incoming ' + t.label.toLowerCase() : 'Incoming ' + t.label.toLowerCase(),
        connected: voice ? 'Connected ' + t.label.toLowerCase() : t.label + ' in progress',
        hold: 'On hold',
        ended: voice ? 'After call work' : t.label + ' ended',
        error: voice ? 'Call failed' : t.label + ' failed',
      }[p];
      var tone = { ringing: 'busy', connected: 'ok', hold: 'hold', ended: 'acw', error: 'error' }[p];
      var kids = [
        el('div', { class: 'band', 'data-tone': tone }, [el('span', { text: bandText }), el('span', { text: clock(c.state && c.state.timestamp) })]),
        el('div', { class: 'who', text: c.name || customer(c) }),
        el('div', { class: 'meta', text: (c.queue && c.queue.name ? c.queue.name : 'Queue') + ' \u00B7 ' + t.label }),
      ];
      if (c.type === 'chat') {
        kids.push(el('div', { class: 'chat' }, CHAT.map(function (x) { return el('div', { class: 'msg' + (x[1] ? ' me' : ''), text: x[0] }); })));
        kids.push(el('div', { class: 'type', text: 'Type a message' }));
      } else if (c.type === 'task') {
        kids.push(el('div', { class: 'meta', text: c.description || '' }));
      }
      card.replaceChildren.apply(card, kids);

      var rows = [];
      if (p === 'ringing') {
        rows.push(el('div', { class: 'pair' }, [
          big('Accept', 'accept', function () { api('acceptContact', { contactId: c.contactId }); }),
          big('Reject', 'plain', function () { api('rejectContact', { contactId: c.contactId }); }),
        ]));
      } else if (voice && (p === 'connected' || p === 'hold')) {
        rows.push(el('div', { class: 'row' }, [
          ctl('\u275A\u275A', m.hold ? 'Resume' : 'Hold', function () { m.hold = !m.hold; render(); }, false, m.hold),
          ctl('\u2298', m.mute ? 'Unmute' : 'Mute', function () { m.mute = !m.mute; render(); }, false, m.mute),
          ctl('\u2630', 'Quick connects', null, true),
          ctl('\u2328', 'Number pad', null, true),
        ]));
        rows.push(big('End call', '', end));
      } else if (p === 'connected') {
        rows.push(el('div', { class: 'row' }, [
          ctl('\u2630', 'Quick connects', null, true),
          ctl('\u21C4', 'Transfer', null, true),
          ctl('\u25A4', 'Templates', null, true),
          ctl('\u2302', 'Apps', null, true),
        ]));
        rows.push(big(t.end, '', end));
      } else {
        rows.push(el('div', { class: 'meta', text: p === 'error' ? 'The connection to the customer was lost.' : 'Closing\u2026' }));
      }
      controls.replaceChildren.apply(controls, rows);
    }

    function render() {
      if (!data) return;
      renderBar();
      var contacts = data.snapshot.contacts || [];
      Object.keys(local).forEach(function (id) {
        if (!contacts.some(function (c) { return c.contactId === id; })) delete local[id];
      });
      var now = {};
      contacts.forEach(function (c) {
        if (!seen[c.contactId]) selectedId = c.contactId;
        now[c.contactId] = true;
      });
      seen = now;
      if (!contacts.some(function (c) { return c.contactId === selectedId; })) selectedId = contacts.length ? contacts[0].contactId : null;
      renderTabs(contacts);
      var c = contacts.find(function (x) { return x.contactId === selectedId; });
      if (c) renderContact(c);
      else renderIdle();
    }

    // The clocks: once a second while the page is shown (hidden iframes and tabs skip the work).
    setInterval(function () {
      if (!data || document.hidden) return;
      renderBar();
      var band = card.querySelector('.band span:last-child');
      var c = (data.snapshot.contacts || []).find(function (x) { return x.contactId === selectedId; });
      if (band && c) band.textContent = clock(c.state && c.state.timestamp);
    }, 1000);

    return {
      agent: function (d) {
        data = d;
        render();
      },
      status: function (text) {
        foot.textContent = 'Simulated CCP \u00B7 ' + text;
      },
    };
  }
})();
