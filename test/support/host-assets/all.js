/*
 * Test stand-in for Atlassian Connect's all.js (served by test/support/confluenceHost.ts as
 * AC_HOST_SCRIPT_URL). Runs inside the app's iframe and defines the small part of `window.AP`
 * Rollcall uses. Every call is a postMessage `{__ap: true, id, method, args}` to the host page
 * (host-page.js), which answers `{__ap: true, id, result}` or `{__ap: true, id, error}`.
 */
/* global window, document */
(function () {
  'use strict';

  var pending = {};
  var nextId = 1;
  var parentOrigin = hostOrigin();

  // Confluence passes its origin as xdm_e; the referrer covers pages the app navigated to without it.
  function hostOrigin() {
    var xdmE = new URLSearchParams(window.location.search).get('xdm_e');
    if (xdmE) {
      return new URL(xdmE).origin;
    }
    return document.referrer ? new URL(document.referrer).origin : '*';
  }

  // postMessage cannot clone functions (e.g. flag actions); JSON drops them.
  function cloneable(args) {
    return JSON.parse(JSON.stringify(args));
  }

  function call(method, args) {
    return new Promise(function (resolve, reject) {
      var id = 'ap-' + nextId++;
      pending[id] = { resolve: resolve, reject: reject };
      window.parent.postMessage({ __ap: true, id: id, method: method, args: cloneable(args || []) }, parentOrigin);
    });
  }

  // Events the host sends unasked (history.popState: the person went back or forward).
  var listeners = { 'history.popState': [] };

  window.addEventListener('message', function (event) {
    var msg = event.data;
    if (event.source === window.parent && msg && msg.__ap === true && msg.event && listeners[msg.event]) {
      listeners[msg.event].forEach(function (listener) {
        listener.apply(null, msg.args || []);
      });
      return;
    }
    if (event.source !== window.parent || !msg || msg.__ap !== true || !pending[msg.id]) {
      return;
    }
    var waiter = pending[msg.id];
    delete pending[msg.id];
    if (msg.error) {
      waiter.reject(new Error(msg.error));
    } else {
      waiter.resolve(msg.result);
    }
  });

  // AP methods take a callback and also return a promise. With a callback, a failure is swallowed
  // there (no unhandled rejection) but still rejects the returned promise.
  function withCallback(promise, callback) {
    if (typeof callback === 'function') {
      promise.then(callback, function () {});
    }
    return promise;
  }

  function contentHeight() {
    return document.documentElement.scrollHeight + 'px';
  }

  var flagCount = 0;

  window.AP = {
    context: {
      getToken: function (callback) {
        return withCallback(call('getToken'), callback);
      },
    },
    resize: function (width, height) {
      return call('resize', [width || '100%', height || contentHeight()]);
    },
    sizeToParent: function () {
      return call('sizeToParent');
    },
    navigator: {
      go: function (target, context) {
        return call('navigator.go', [target, context || {}]);
      },
      reload: function () {
        return call('navigator.reload');
      },
    },
    flag: {
      create: function (options) {
        var flagId = 'flag-' + ++flagCount;
        call('flag.create', [options || {}, flagId]);
        return {
          close: function () {
            return call('flag.close', [flagId]);
          },
        };
      },
    },
    dialog: {
      create: function (options) {
        call('dialog.create', [options || {}]);
        return {
          close: function () {
            return call('dialog.close');
          },
          on: function () {},
        };
      },
    },
    // Like Confluence: once asked, the host sets its theme's attributes on the frame's <html>.
    theming: {
      initializeTheming: function () {
        call('theming.initializeTheming').then(function (attributes) {
          Object.keys(attributes || {}).forEach(function (name) {
            document.documentElement.setAttribute(name, attributes[name]);
          });
        });
      },
    },
    user: {
      getCurrentUser: function (callback) {
        return withCallback(call('user.getCurrentUser'), callback);
      },
    },
    // The host page's anchor (#!state), as Connect's history module keeps a page's state.
    history: {
      getState: function (type, callback) {
        return withCallback(call('history.getState'), callback);
      },
      pushState: function (state) {
        return call('history.pushState', [state]);
      },
      replaceState: function (state) {
        return call('history.replaceState', [state]);
      },
      popState: function (callback) {
        listeners['history.popState'].push(callback);
      },
    },
    // The macro editor's calls: the host page holds the macro's parameters.
    confluence: {
      getMacroData: function (callback) {
        return withCallback(call('confluence.getMacroData'), callback);
      },
      saveMacro: function (parameters, body) {
        return call('confluence.saveMacro', [parameters || {}, body]);
      },
      closeMacroEditor: function () {
        return call('confluence.closeMacroEditor');
      },
    },
  };
})();
