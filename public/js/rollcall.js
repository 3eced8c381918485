/*
 * Shared browser code of Rollcall's pages (inside a Confluence iframe).
 * Rollcall.api(method, path, body) calls REST v1 with a fresh context token from AP.
 */
(function () {
  'use strict';

  function api(method, path, body) {
    return AP.context.getToken().then(function (token) {
      var headers = { Authorization: 'JWT ' + token, Accept: 'application/json' };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      return fetch(path, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body) });
    }).then(function (response) {
      return response.text().then(function (text) {
        var data = text ? JSON.parse(text) : null;
        if (!response.ok) {
          var error = new Error((data && data.message) || response.statusText);
          error.status = response.status;
          error.body = data;
          throw error;
        }
        return data;
      });
    });
  }

  function resize() {
    // The body's height, not the document's: the document is never shorter than the iframe, so
    // measuring it would never let the frame shrink again.
    if (window.AP && AP.resize) AP.resize('100%', Math.ceil(document.body.getBoundingClientRect().height) + 'px');
  }

  window.Rollcall = { api: api, resize: resize };

  document.addEventListener('DOMContentLoaded', function () {
    document.body.setAttribute('data-rollcall-ready', 'true');
    resize();
    if (!window.AP || !AP.context) return;
    api('GET', '/rest/v1/me').then(function (me) {
      document.body.setAttribute('data-account-id', me.accountId);
      document.body.setAttribute('data-is-admin', String(me.isAdmin));
    }).catch(function (error) {
      if (AP.flag) AP.flag.create({ title: 'Rollcall', body: 'Could not reach Rollcall: ' + error.message, type: 'error' });
    });
  });
})();
