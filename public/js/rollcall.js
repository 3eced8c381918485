/*
 * Shared browser code of Rollcall's pages (inside a Confluence iframe).
 * Rollcall.api(method, path, body) calls REST v1 with a fresh context token from AP.
 * Rollcall.dom and the other functions below are the helpers the page scripts share; page scripts
 * are loaded with `defer`, so this (synchronous) script has run before any of them.
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

  /**
   * Like api(), for a body that is not JSON (a file's bytes, sent as they are): a fresh context
   * token from AP, the JSON answer, and an Error with status and body on failure.
   */
  function sendBytes(method, path, blob, contentType) {
    return AP.context
      .getToken()
      .then(function (token) {
        return fetch(path, { method: method, headers: { Authorization: 'JWT ' + token, Accept: 'application/json', 'Content-Type': contentType }, body: blob });
      })
      .then(function (response) {
        return response.text().then(function (text) {
          var data = null;
          try {
            data = text ? JSON.parse(text) : null;
          } catch {
            data = null; // e.g. a proxy's HTML error page
          }
          if (!response.ok) {
            var error = new Error((data && data.message) || response.statusText || 'HTTP ' + response.status);
            error.status = response.status;
            error.body = data;
            throw error;
          }
          return data;
        });
      });
  }

  /** The message to show for a failed api() call (the server's, or a readable fallback). */
  function messageOf(error) {
    if (error && error.body && error.body.message) return error.body.message;
    if (error && error.status === undefined) return 'Rollcall could not be reached. Check your connection and try again.';
    return (error && error.message) || 'Something went wrong.';
  }

  /** The machine-readable code of a failed api() call's answer ({error: 'duplicate_category'}), if any. */
  function codeOf(error) {
    return error && error.body && error.body.error;
  }

  /** plural(3, 'byte', 'bytes') → '3 bytes'. */
  function plural(n, one, many) {
    return n + ' ' + (n === 1 ? one : many);
  }

  /** In the viewer's zone and language, e.g. "14 May 2025, 15:02"; '' for a value that is no date. */
  function localTime(iso) {
    var d = new Date(iso);
    return isNaN(d.getTime()) ? '' : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  }

  // ---------------------------------------------------------------------------------------------
  // Rollcall.dom: small DOM helpers of the page scripts. Data only reaches the DOM as text.
  // ---------------------------------------------------------------------------------------------

  /**
   * h('button', {class: 'aui-button', type: 'button', on: {click: fn}}, ['Save'])
   * Strings among children become text nodes; null/false children are skipped.
   */
  function h(tag, attrs, children) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === null || value === undefined || value === false) return;
      if (name === 'on') {
        Object.keys(value).forEach(function (event) {
          el.addEventListener(event, value[event]);
        });
      } else if (name === 'text') {
        el.textContent = value;
      } else if (name === 'value' || name === 'checked' || name === 'disabled' || name === 'selected' || name === 'hidden') {
        el[name] = value;
      } else {
        el.setAttribute(name, value === true ? '' : String(value));
      }
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined || child === false) return;
      el.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return el;
  }

  /** An AUI icon; with a label it is the accessible name, without it the icon is decorative. */
  function icon(name, label) {
    var attrs = { class: 'aui-icon aui-icon-small aui-iconfont-' + name };
    if (label) attrs.text = label;
    else attrs['aria-hidden'] = 'true';
    return h('span', attrs);
  }

  /** A subtle AUI lozenge; modifier e.g. 'success', attrs added to (or replacing) the class. */
  function lozenge(text, modifier, attrs) {
    var all = { class: 'aui-lozenge aui-lozenge-subtle' + (modifier ? ' aui-lozenge-' + modifier : '') };
    Object.keys(attrs || {}).forEach(function (k) {
      all[k] = attrs[k];
    });
    return h('span', all, [text]);
  }

  /**
   * AUI draws checkboxes and radios with a glyph its script inserts after each input; when that
   * script cannot run (it needs a global jQuery), the page inserts the glyph itself.
   */
  function formGlyph() {
    return typeof window.jQuery === 'function' ? null : h('span', { class: 'aui-form-glyph' });
  }

  /**
   * The helpers that carry a page's prefix ('pe', 'ds', …):
   * nextId('name') → unique ids 'pe-name-1', 'pe-name-2', …;
   * setBusy(button, busy, busyText) → a button's busy look: disabled, a spinner (classes
   * `rc-spinner rc-button-spinner`, shared by every page), optionally another text while busy (its
   * text comes back after).
   */
  function withPrefix(prefix) {
    var uid = 0;
    function nextId(name) {
      uid += 1;
      return prefix + '-' + name + '-' + uid;
    }
    function setBusy(button, busy, busyText) {
      if (!button) return;
      button.disabled = busy;
      if (busy) {
        button.setAttribute('aria-busy', 'true');
        if (busyText) {
          button.dataset.idleText = button.textContent;
          button.textContent = busyText;
        }
        button.appendChild(h('span', { class: 'rc-spinner rc-button-spinner', 'aria-hidden': 'true' }));
      } else {
        button.removeAttribute('aria-busy');
        if (button.dataset.idleText !== undefined) {
          button.textContent = button.dataset.idleText;
          delete button.dataset.idleText;
        }
        var spinner = button.querySelector('.rc-button-spinner');
        if (spinner) spinner.remove();
      }
    }
    return { nextId: nextId, setBusy: setBusy };
  }

  /**
   * A page's "could not be loaded" box in `container` (replacing what it held): the title, the
   * message, and with `retry` a "Try again" button that clears the box and calls it.
   */
  function showLoadError(container, title, message, retry) {
    container.textContent = '';
    container.appendChild(
      h('div', { class: 'aui-message aui-message-error', role: 'alert', 'data-testid': 'load-error' }, [
        h('p', { class: 'title' }, [h('strong', { text: title })]),
        h('p', { text: message }),
        retry
          ? h('p', {}, [
              h('button', {
                class: 'aui-button',
                type: 'button',
                text: 'Try again',
                on: {
                  click: function () {
                    container.textContent = '';
                    retry();
                  },
                },
              }),
            ])
          : null,
      ]),
    );
    resize();
  }

  /** Says text through an aria-live region (nothing without one). */
  function announce(live, text) {
    if (!live) return;
    live.textContent = '';
    // A fresh text node makes screen readers announce the same sentence twice in a row too.
    window.setTimeout(function () {
      live.textContent = text;
    }, 50);
  }

  /** Whether an element exists and is shown (not inside a [hidden] part of the page). */
  function visible(el) {
    return !!el && !el.closest('[hidden]');
  }

  /** Empties a form's error placeholders (.error) and drops its aria-invalid marks. */
  function clearFormErrors(form) {
    form.querySelectorAll('.error').forEach(function (el) {
      el.textContent = '';
    });
    form.querySelectorAll('[aria-invalid]').forEach(function (el) {
      el.removeAttribute('aria-invalid');
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Field help texts: a tooltip when short, a panel when long
  // ---------------------------------------------------------------------------------------------

  /**
   * Help up to this many characters, on one line, is a tooltip. A browser cuts a longer tooltip
   * off (and never scrolls it), so longer help (admins may write 10,000 characters) opens in a panel.
   */
  var HELP_TOOLTIP_MAX = 200;
  var helpUid = 0;

  function isLongHelp(text) {
    return text.length > HELP_TOOLTIP_MAX || /[\r\n]/.test(text);
  }

  /**
   * The panel of a long help text, opened and closed by `trigger` (a button). Opening focuses the
   * text (arrow keys and Page Down scroll it; it scrolls within a max height); Escape, the Close
   * button or the trigger close it, and focus returns to the trigger. `onToggle(open)` is told.
   * Text only: the help reaches the DOM as a text node, its line breaks kept by CSS.
   */
  function helpPanel(helpText, label, trigger, onToggle) {
    helpUid += 1;
    var id = 'rc-help-' + helpUid;
    var text = h('div', { class: 'rc-help-text', tabindex: '0', 'data-testid': 'help-text' }, [helpText]);
    var close = h('button', { type: 'button', class: 'aui-button aui-button-link rc-help-close', 'data-testid': 'help-close', text: 'Close' });
    var panel = h('div', { class: 'rc-help-panel', id: id, role: 'region', 'aria-label': 'Help: ' + label, hidden: true, 'data-testid': 'help-panel' }, [
      text,
      h('div', { class: 'rc-help-foot' }, [close]),
    ]);
    trigger.setAttribute('aria-expanded', 'false');
    trigger.setAttribute('aria-controls', id);
    function set(open) {
      panel.hidden = !open;
      trigger.setAttribute('aria-expanded', String(open));
      if (onToggle) onToggle(open);
      resize();
      if (open) text.focus();
      else trigger.focus();
    }
    function onKeydown(event) {
      if (event.key !== 'Escape' || panel.hidden) return;
      event.preventDefault();
      event.stopPropagation(); // the help closes, not the form or dialog around it
      set(false);
    }
    trigger.addEventListener('click', function () {
      set(panel.hidden);
    });
    close.addEventListener('click', function () {
      set(false);
    });
    trigger.addEventListener('keydown', onKeydown);
    panel.addEventListener('keydown', onKeydown);
    return panel;
  }

  /**
   * A field's help beside its label: `{icon, panel}` (both null without help text). Short help is
   * the question-mark icon's tooltip and accessible name, and `panel` is null. Long help makes the
   * icon a button that opens `panel` (see helpPanel): the caller puts the panel where a block of
   * text fits, e.g. below the field's row. options: `label` (the field's), `testId` (the icon's),
   * `className` (the page's icon class, e.g. 'pf-help'), `onToggle(open)` (long help only).
   */
  function fieldHelp(helpText, options) {
    if (!helpText) return { icon: null, panel: null };
    var glyph = 'aui-icon aui-icon-small aui-iconfont-question-circle ' + (options.className || '');
    if (!isLongHelp(helpText)) {
      return { icon: h('span', { class: glyph, role: 'img', tabindex: '0', title: helpText, 'aria-label': 'Help: ' + helpText, 'data-testid': options.testId }), panel: null };
    }
    var button = h('button', { type: 'button', class: 'rc-help-button ' + (options.className || ''), title: 'Show the help', 'aria-label': 'Help: ' + options.label, 'data-testid': options.testId, 'data-help': 'long' }, [
      h('span', { class: 'aui-icon aui-icon-small aui-iconfont-question-circle', 'aria-hidden': 'true' }),
    ]);
    return { icon: button, panel: helpPanel(helpText, options.label, button, options.onToggle) };
  }

  /** The help's first line, cut at a word near `max` characters, with an ellipsis when cut. */
  function helpExcerpt(helpText, max) {
    var line = helpText.split(/\r?\n/)[0];
    if (line.length <= max && line.length === helpText.length) return line;
    var cut = line.length <= max ? line : line.slice(0, max).replace(/\s+\S*$/, '');
    return cut + '…';
  }

  /**
   * A field's help below its input in a form (a `.description`; null without help text). Short
   * help is shown whole; long help shows its beginning and "Show all help", which opens the whole
   * text in a panel (see helpPanel). `label` names the field.
   */
  function helpDescription(helpText, label) {
    if (!helpText) return null;
    if (!isLongHelp(helpText)) return h('div', { class: 'description', 'data-testid': 'field-description', text: helpText });
    var excerpt = h('span', { class: 'rc-help-excerpt', 'data-testid': 'help-excerpt', text: helpExcerpt(helpText, 140) + ' ' });
    var more = h('button', { type: 'button', class: 'aui-button aui-button-link rc-help-more', 'data-testid': 'help-more', text: 'Show all help' });
    var panel = helpPanel(helpText, label, more, function (open) {
      excerpt.hidden = open;
      more.textContent = open ? 'Hide help' : 'Show all help';
    });
    return h('div', { class: 'rc-help-block', 'data-testid': 'field-description', 'data-help': 'long' }, [h('div', { class: 'description' }, [excerpt, more]), panel]);
  }

  window.Rollcall = {
    api: api,
    sendBytes: sendBytes,
    resize: resize,
    messageOf: messageOf,
    codeOf: codeOf,
    plural: plural,
    localTime: localTime,
    dom: {
      h: h,
      icon: icon,
      lozenge: lozenge,
      formGlyph: formGlyph,
      withPrefix: withPrefix,
      announce: announce,
      visible: visible,
      clearFormErrors: clearFormErrors,
      showLoadError: showLoadError,
      fieldHelp: fieldHelp,
      helpDescription: helpDescription,
    },
  };

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
