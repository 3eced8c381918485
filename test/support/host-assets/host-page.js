/*
 * Script of the test host page (test/support/confluenceHost.ts, /wiki/plugins/servlet/ac/frame).
 * Answers the AP calls that all.js posts from the app's iframe and records each one in
 * `window.__apCalls` ({method, args}) for browser tests to assert on.
 *
 * Loaded in <head> so the message listener exists before the iframe does; the iframe and its
 * settings (data-* attributes) are therefore looked up when a message arrives.
 */
/* global window, document */
(function () {
  'use strict';

  window.__apCalls = [];

  function frame() {
    return document.getElementById('app-frame');
  }

  function cssSize(value) {
    return /^\d+$/.test(String(value)) ? value + 'px' : String(value);
  }

  function flagsContainer() {
    return document.getElementById('test-host-flags') || document.body;
  }

  function showFlag(options, flagId) {
    var flag = document.createElement('div');
    flag.className = 'test-host-flag';
    flag.setAttribute('role', 'alert');
    flag.dataset.flagId = flagId;
    flag.dataset.type = options.type || 'info';
    var title = document.createElement('strong');
    title.className = 'test-host-flag-title';
    title.textContent = options.title || '';
    var body = document.createElement('div');
    body.className = 'test-host-flag-body';
    // Text, not HTML: a test host has no reason to run markup an app sends.
    body.textContent = options.body || '';
    flag.append(title, body);
    flagsContainer().append(flag);
  }

  function closeFlag(flagId) {
    var flag = document.querySelector('.test-host-flag[data-flag-id="' + flagId + '"]');
    if (flag) {
      flag.remove();
    }
  }

  function fetchContextToken() {
    return fetch(frame().dataset.tokenUrl, { cache: 'no-store' }).then(function (res) {
      if (!res.ok) {
        throw new Error('context token request failed: ' + res.status);
      }
      return res.text();
    });
  }

  // Recorded-only methods (navigator, dialog) just answer null: tests assert on __apCalls.
  var handlers = {
    getToken: fetchContextToken,
    resize: function (args) {
      if (args[0]) {
        frame().style.width = cssSize(args[0]);
      }
      frame().style.height = cssSize(args[1]);
      return null;
    },
    sizeToParent: function () {
      var header = document.querySelector('.test-host-header');
      frame().style.height = window.innerHeight - (header ? header.offsetHeight : 0) + 'px';
      return null;
    },
    'navigator.go': function () {
      return null;
    },
    'navigator.reload': function () {
      return null;
    },
    'flag.create': function (args) {
      showFlag(args[0] || {}, args[1]);
      return { id: args[1] };
    },
    'flag.close': function (args) {
      closeFlag(args[0]);
      return null;
    },
    'dialog.create': function () {
      return null;
    },
    'dialog.close': function () {
      return null;
    },
    // Confluence's theme for the app's frame: `theme=dark` on the host page's URL makes it dark.
    'theming.initializeTheming': function () {
      var mode = new URLSearchParams(window.location.search).get('theme') === 'dark' ? 'dark' : 'light';
      return { 'data-color-mode': mode, 'data-theme': 'dark:dark light:light spacing:spacing typography:typography' };
    },
    'user.getCurrentUser': function () {
      return { atlassianAccountId: frame().dataset.accountId };
    },
    // A page's state in the host page's anchor, `#!state`, like Confluence's history module.
    'history.getState': function () {
      return window.location.hash.replace(/^#!?/, '');
    },
    'history.pushState': function (args) {
      window.history.pushState(null, '', '#!' + String(args[0] || ''));
      return null;
    },
    'history.replaceState': function (args) {
      window.history.replaceState(null, '', '#!' + String(args[0] || ''));
      return null;
    },
    // The macro editor: the parameters come from the host page's `macro` query parameter (JSON);
    // saved ones are kept in window.__savedMacro for tests.
    'confluence.getMacroData': function () {
      var json = new URLSearchParams(window.location.search).get('macro');
      return json ? JSON.parse(json) : {};
    },
    'confluence.saveMacro': function (args) {
      window.__savedMacro = args[0] || {};
      return null;
    },
    'confluence.closeMacroEditor': function () {
      window.__macroEditorClosed = true;
      return null;
    },
  };

  // Back and forward: the app's page hears of it (AP.history.popState), as in Confluence.
  window.addEventListener('popstate', function () {
    var appFrame = frame();
    if (!appFrame) {
      return;
    }
    appFrame.contentWindow.postMessage({ __ap: true, event: 'history.popState', args: [{ newURL: window.location.href, state: window.location.hash.replace(/^#!?/, '') }] }, appFrame.dataset.appOrigin);
  });

  function reply(id, payload) {
    payload.__ap = true;
    payload.id = id;
    frame().contentWindow.postMessage(payload, frame().dataset.appOrigin);
  }

  window.addEventListener('message', function (event) {
    var msg = event.data;
    var appFrame = frame();
    if (!appFrame || event.source !== appFrame.contentWindow || event.origin !== appFrame.dataset.appOrigin) {
      return;
    }
    if (!msg || msg.__ap !== true) {
      return;
    }
    var args = Array.isArray(msg.args) ? msg.args : [];
    window.__apCalls.push({ method: msg.method, args: args });
    var handler = handlers[msg.method];
    Promise.resolve()
      .then(function () {
        if (!handler) {
          throw new Error('AP method not supported by the test host: ' + msg.method);
        }
        return handler(args);
      })
      .then(
        function (result) {
          reply(msg.id, { result: result === undefined ? null : result });
        },
        function (err) {
          reply(msg.id, { error: String((err && err.message) || err) });
        },
      );
  });
})();
