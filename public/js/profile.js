/*
 * The Profile page (views/pages/profile.hbs): a person's profile as the viewer may see it, the edit
 * form (own profile; admins any), and the picture with a crop step in the browser. Also wires the
 * links of the profile card macro (views/macros/profile-card.hbs) to AP.navigator.
 *
 * Everything goes through REST v1 with the context token (Rollcall.api for JSON; pictures with a
 * fetch of their own, since an <img src> cannot send the Authorization header). Data only ever
 * reaches the DOM as text nodes and attributes, never as HTML.
 */
(function () {
  'use strict';

  var PROFILE_MODULE = 'profile';
  var ACCOUNT_ID = /^[A-Za-z0-9:_-]{1,128}$/;
  var URL_IN_TEXT = /https?:\/\/[^\s<>"]+/g;
  /** The crop: the output is a square JPEG of this many pixels (the server keeps 512/128/48). */
  var CROP_OUTPUT = 512;

  var cfg = {};
  var state = {
    view: null, // ProfileView as last read or saved
    mode: 'view', // 'view' | 'edit'
    edit: null, // {view, controls: {key: control}, ldapValues, conflicts: {key: {directory, chosen}}}
    pictureUrl: null, // blob: URL of the shown picture
    busy: false,
  };
  var els = {};

  // ---------------------------------------------------------------------------------------------
  // Small DOM helpers (text only)
  // ---------------------------------------------------------------------------------------------

  // Shared helpers: see public/js/rollcall.js.
  // The profile card macro loads no rollcall.js (and uses none of these), hence the fallback.
  var shared = window.Rollcall || { dom: { withPrefix: function () { return {}; } } };
  var { h, icon, formGlyph } = shared.dom;
  var { messageOf, codeOf } = shared;
  var { nextId, setBusy } = shared.dom.withPrefix('pf');

  function resize() {
    if (window.Rollcall) Rollcall.resize();
  }

  function flag(title, body, type) {
    if (window.AP && AP.flag) AP.flag.create({ title: title, body: body, type: type || 'info', close: 'auto' });
  }

  // ---------------------------------------------------------------------------------------------
  // Dates and times
  // ---------------------------------------------------------------------------------------------

  var MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

  /** '2024-02-29' → '29 February 2024' (the value is a calendar day: no time zone applies). */
  function formatDay(value) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(value));
    if (!m) return String(value);
    return Number(m[3]) + ' ' + MONTHS[Number(m[2]) - 1] + ' ' + m[1];
  }

  function formatMoment(iso) {
    var date = new Date(iso);
    if (isNaN(date.getTime())) return String(iso);
    return date.getDate() + ' ' + MONTHS[date.getMonth()] + ' ' + date.getFullYear() + ', ' + ('0' + date.getHours()).slice(-2) + ':' + ('0' + date.getMinutes()).slice(-2);
  }

  /** '5 minutes ago', 'yesterday', … for a past moment; the date itself beyond a month. */
  function relativeTime(iso) {
    var then = new Date(iso).getTime();
    if (isNaN(then)) return '';
    var seconds = Math.max(0, Math.round((Date.now() - then) / 1000));
    if (seconds < 45) return 'just now';
    var minutes = Math.round(seconds / 60);
    if (minutes < 60) return minutes === 1 ? 'a minute ago' : minutes + ' minutes ago';
    var hours = Math.round(minutes / 60);
    if (hours < 24) return hours === 1 ? 'an hour ago' : hours + ' hours ago';
    var days = Math.round(hours / 24);
    if (days === 1) return 'yesterday';
    if (days < 31) return days + ' days ago';
    return 'on ' + formatMoment(iso).split(',')[0];
  }

  // ---------------------------------------------------------------------------------------------
  // Links: web addresses in text, other people's profiles
  // ---------------------------------------------------------------------------------------------

  function isWebUrl(value) {
    try {
      var url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  }

  function externalLink(href, text) {
    return h('a', { href: href, target: '_blank', rel: 'noopener noreferrer', text: text });
  }

  /** Text with its web addresses as links; line breaks stay (the element keeps white-space). */
  function linkified(text) {
    var fragment = document.createDocumentFragment();
    var last = 0;
    String(text).replace(URL_IN_TEXT, function (match, offset) {
      var url = match.replace(/[.,;:!?)\]]+$/, '');
      if (offset > last) fragment.appendChild(document.createTextNode(text.slice(last, offset)));
      fragment.appendChild(isWebUrl(url) ? externalLink(url, url) : document.createTextNode(url));
      last = offset + url.length;
      return match;
    });
    if (last < text.length) fragment.appendChild(document.createTextNode(text.slice(last)));
    return fragment;
  }

  /** The app's profile page of a person in Confluence (a general page; ac.accountId is passed through). */
  function profileHref(accountId) {
    if (!cfg.hostBaseUrl || !cfg.addonKey) return '#';
    return cfg.hostBaseUrl + '/plugins/servlet/ac/' + encodeURIComponent(cfg.addonKey) + '/' + PROFILE_MODULE + '?ac.accountId=' + encodeURIComponent(accountId);
  }

  /** Opens a profile through Connect, so the host page (and its history) changes, not just the iframe. */
  function openProfile(event, accountId) {
    if (!window.AP || !AP.navigator || !ACCOUNT_ID.test(accountId)) return;
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return; // new tab: the href
    event.preventDefault();
    AP.navigator.go('addonmodule', { addonKey: cfg.addonKey, moduleKey: PROFILE_MODULE, customData: { accountId: accountId } });
  }

  function profileLink(accountId, text) {
    return h('a', {
      href: profileHref(accountId),
      target: '_top',
      class: 'pf-person-link',
      'data-account-id': accountId,
      'data-testid': 'person-link',
      text: text,
      on: {
        click: function (event) {
          openProfile(event, accountId);
        },
      },
    });
  }

  // ---------------------------------------------------------------------------------------------
  // REST calls that are not JSON (pictures)
  // ---------------------------------------------------------------------------------------------

  function rawFetch(method, path, body, contentType) {
    return AP.context.getToken().then(function (token) {
      var headers = { Authorization: 'JWT ' + token };
      if (contentType) headers['Content-Type'] = contentType;
      return fetch(path, { method: method, headers: headers, body: body });
    });
  }

  /** Rejects with an Error carrying {status, body} like Rollcall.api for a response that is not ok. */
  function failed(response) {
    return response.text().then(function (text) {
      var data = null;
      try {
        data = text ? JSON.parse(text) : null;
      } catch {
        data = null;
      }
      var error = new Error((data && data.message) || response.statusText || 'HTTP ' + response.status);
      error.status = response.status;
      error.body = data;
      throw error;
    });
  }

  function profilePath(suffix) {
    return '/rest/v1/profiles/' + encodeURIComponent(cfg.targetId) + (suffix || '');
  }

  // ---------------------------------------------------------------------------------------------
  // Reading a profile
  // ---------------------------------------------------------------------------------------------

  function allFields(view) {
    return view.categories.reduce(function (list, category) {
      return list.concat(category.fields);
    }, []);
  }

  function fieldOf(view, key) {
    var fields = allFields(view);
    for (var i = 0; i < fields.length; i++) if (fields[i].key === key) return fields[i];
    return null;
  }

  function isEmptyValue(value) {
    return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
  }

  function displayText(field) {
    if (Array.isArray(field.display)) return field.display.join(', ');
    return field.display === null || field.display === undefined ? '' : String(field.display);
  }

  function initialsOf(name) {
    var parts = String(name || '?').split(/\s+/).filter(Boolean);
    return ((parts[0] || '?').charAt(0) + (parts.length > 1 ? parts[parts.length - 1].charAt(0) : '')).toUpperCase();
  }

  /** Where a value comes from, for people: "From Corp LDAP · synced 5 minutes ago", "Edited by the person", … */
  function originText(origin) {
    if (!origin) return null;
    if (origin.kind === 'user') return 'Edited by the person';
    if (origin.kind === 'migration') return 'Migrated';
    var text = 'From ' + (origin.sourceName || (origin.kind === 'ldap' ? 'LDAP' : 'XML'));
    if (origin.syncedAt) text += ' · synced ' + relativeTime(origin.syncedAt);
    return text;
  }

  function sourceNameOf(field) {
    return (field.origin && field.origin.sourceName) || 'the directory';
  }

  /** A value as people read it: links for web addresses, mail, phone numbers and people. */
  function valueNode(field) {
    var value = field.value;
    switch (field.type) {
      case 'url':
        return isWebUrl(value) ? externalLink(value, value) : document.createTextNode(String(value));
      case 'email':
        return h('a', { href: 'mailto:' + value, text: value });
      case 'phone':
        return h('a', { href: 'tel:' + String(value).replace(/[^0-9+]/g, ''), text: value });
      case 'date':
        return h('time', { datetime: value, text: formatDay(value) });
      case 'user':
      case 'multiuser': {
        var people = field.people || [];
        var span = h('span', { class: 'pf-people-list' });
        people.forEach(function (person, i) {
          if (i > 0) span.appendChild(document.createTextNode(', '));
          span.appendChild(profileLink(person.accountId, person.displayName || person.accountId));
        });
        return span;
      }
      case 'multiselect':
        return h(
          'span',
          { class: 'pf-choices' },
          (field.display || []).map(function (label) {
            return h('span', { class: 'aui-lozenge aui-lozenge-subtle pf-choice', text: label });
          }),
        );
      case 'text':
      case 'multiline':
        return linkified(String(value));
      default:
        return document.createTextNode(displayText(field));
    }
  }

  /** A field's help beside its label: a tooltip when short, a button opening a panel when long (rollcall.js). */
  function helpOf(field) {
    return shared.dom.fieldHelp(field.helpText, { label: field.label, testId: 'field-help', className: 'pf-help' });
  }

  // ---------------------------------------------------------------------------------------------
  // Header: picture, name, marker, last change, actions
  // ---------------------------------------------------------------------------------------------

  function renderHeader() {
    var view = state.view;
    var name = view.displayName || view.accountId;
    els.header.removeAttribute('aria-busy');
    els.name.textContent = '';
    els.name.appendChild(document.createTextNode(name));
    if (view.leftDirectoryAt) {
      els.name.appendChild(
        h('span', {
          class: 'aui-lozenge aui-lozenge-subtle pf-left',
          title: 'Left the directory on ' + formatMoment(view.leftDirectoryAt),
          'data-testid': 'left-directory',
          text: 'Left the directory',
        }),
      );
    }
    var position = fieldOf(view, 'position');
    var department = fieldOf(view, 'department');
    var subtitle = [position, department]
      .filter(function (f) {
        return f && !isEmptyValue(f.value);
      })
      .map(displayText)
      .join(' · ');
    els.subtitle.textContent = subtitle;
    els.subtitle.hidden = !subtitle;

    els.meta.textContent = '';
    if (view.updatedAt) {
      els.meta.appendChild(document.createTextNode('Last changed '));
      els.meta.appendChild(h('time', { datetime: view.updatedAt, title: formatMoment(view.updatedAt), 'data-testid': 'last-changed', text: relativeTime(view.updatedAt) }));
    } else {
      els.meta.appendChild(h('span', { 'data-testid': 'last-changed', text: 'Not changed in Rollcall yet' }));
    }

    els.actions.textContent = '';
    if (view.canEdit && state.mode === 'view') {
      els.actions.appendChild(
        h('button', { class: 'aui-button', type: 'button', 'data-testid': 'edit-profile', on: { click: startEdit } }, [icon('edit'), ' Edit profile']),
      );
    }
    renderPictureActions();
    renderPicture();
  }

  function renderPicture() {
    var view = state.view;
    els.picture.textContent = '';
    var name = view.displayName || view.accountId;
    if (state.pictureUrl) {
      els.picture.appendChild(h('img', { class: 'pf-avatar pf-avatar-large', src: state.pictureUrl, alt: 'Picture of ' + name, 'data-testid': 'picture-img' }));
    } else {
      els.picture.appendChild(h('span', { class: 'pf-avatar pf-avatar-large pf-initials', role: 'img', 'aria-label': name, 'data-testid': 'picture-initials', text: initialsOf(name) }));
    }
  }

  function renderPictureActions() {
    var view = state.view;
    els.pictureActions.textContent = '';
    els.pictureActions.hidden = !view.canEdit;
    if (!view.canEdit) return;
    var input = h('input', { type: 'file', accept: 'image/*', class: 'pf-file', id: nextId('picture-file'), 'data-testid': 'picture-file', tabindex: '-1', 'aria-hidden': 'true' });
    input.addEventListener('change', function () {
      var file = input.files && input.files[0];
      input.value = '';
      if (file) startCrop(file);
    });
    els.pictureActions.appendChild(input);
    els.pictureActions.appendChild(
      h('button', {
        class: 'aui-button aui-button-link pf-link-button',
        type: 'button',
        'data-testid': 'change-picture',
        text: view.hasPicture ? 'Change picture' : 'Add a picture',
        on: {
          click: function () {
            input.click();
          },
        },
      }),
    );
    if (view.hasPicture) {
      els.pictureActions.appendChild(h('span', { class: 'pf-dot', 'aria-hidden': 'true', text: '·' }));
      els.pictureActions.appendChild(h('button', { class: 'aui-button aui-button-link pf-link-button', type: 'button', 'data-testid': 'remove-picture', text: 'Remove', on: { click: removePicture } }));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The profile as people read it
  // ---------------------------------------------------------------------------------------------

  function renderView() {
    var view = state.view;
    var body = els.body;
    body.textContent = '';
    body.removeAttribute('aria-busy');
    els.root.setAttribute('data-mode', 'view');
    // Owners and admins see empty fields (an invitation to fill them in); others only what is there.
    var showEmpty = view.canEdit;
    var sections = view.categories
      .map(function (category) {
        var fields = category.fields.filter(function (f) {
          return showEmpty || !isEmptyValue(f.value);
        });
        return fields.length ? categoryElement(category, fields) : null;
      })
      .filter(Boolean);
    if (!sections.length) {
      body.appendChild(
        h('div', { class: 'pf-empty-state', 'data-testid': 'profile-empty' }, [
          h('p', { class: 'pf-empty-title', text: view.canEdit && view.accountId === cfg.viewerId ? 'Your profile is empty' : 'Nothing to show yet' }),
          h('p', {
            class: 'pf-muted',
            text: view.canEdit ? 'Use “Edit profile” to tell colleagues what you do and how to reach you.' : 'This person has not filled in anything you can see.',
          }),
        ]),
      );
    } else {
      sections.forEach(function (section) {
        body.appendChild(section);
      });
    }
    els.root.setAttribute('data-loaded', 'true');
    resize();
  }

  function categoryElement(category, fields) {
    var titleId = nextId('category');
    return h('section', { class: 'pf-category', 'data-testid': 'category', 'data-category-id': category.id, 'aria-labelledby': titleId }, [
      h('h3', { class: 'pf-category-name', id: titleId }, [
        h('span', { 'data-testid': 'category-name', text: category.name }),
        category.restricted
          ? h('span', { class: 'aui-lozenge aui-lozenge-subtle aui-lozenge-moved pf-restricted', title: 'Only members of some groups see this category', 'data-testid': 'category-restricted' }, [
              icon('lock-filled'),
              ' Restricted',
            ])
          : null,
      ]),
      h(
        'dl',
        { class: 'pf-fields' },
        fields.map(function (field) {
          var empty = isEmptyValue(field.value);
          var origin = empty ? null : originText(field.origin);
          var help = helpOf(field);
          return h('div', { class: 'pf-field' + (empty ? ' pf-field-empty' : ''), 'data-testid': 'field', 'data-field-key': field.key, 'data-type': field.type }, [
            h('dt', { class: 'pf-label' }, [h('span', { 'data-testid': 'field-label', text: field.label }), help.icon]),
            h('dd', { class: 'pf-value' }, [
              h('div', { class: 'pf-value-text' + (field.type === 'multiline' ? ' pf-multiline' : ''), 'data-testid': 'field-value' }, [
                empty ? h('span', { class: 'pf-muted pf-not-set', text: 'Not filled in' }) : valueNode(field),
              ]),
              origin ? h('div', { class: 'pf-origin', 'data-testid': 'field-origin', text: origin }) : null,
            ]),
            help.panel,
          ]);
        }),
      ),
    ]);
  }

  function showPageMessage(kind, title, text, action) {
    els.message.textContent = '';
    if (!title) return;
    els.message.appendChild(
      h('div', { class: 'aui-message aui-message-' + kind, role: kind === 'error' ? 'alert' : 'status', 'data-testid': 'page-message-' + kind }, [
        h('p', { class: 'title' }, [h('strong', { text: title })]),
        text ? h('p', { text: text }) : null,
        action ? h('p', {}, [action]) : null,
      ]),
    );
    resize();
  }

  function load() {
    return Rollcall.api('GET', profilePath())
      .then(function (view) {
        state.view = view;
        els.message.textContent = '';
        renderHeader();
        if (state.mode === 'view') renderView();
        loadPicture();
        return view;
      })
      .catch(function (error) {
        els.body.textContent = '';
        els.body.removeAttribute('aria-busy');
        els.header.hidden = error.status === 404;
        if (error.status === 404) {
          showPageMessage('warning', 'No such person', 'There is no one with this account on this Confluence site. They may have been removed.');
        } else {
          Rollcall.dom.showLoadError(els.message, 'The profile could not be loaded', messageOf(error), load);
          resize();
        }
        els.root.setAttribute('data-loaded', 'error');
      });
  }

  // ---------------------------------------------------------------------------------------------
  // Picture: show, crop, upload, remove
  // ---------------------------------------------------------------------------------------------

  function setPictureUrl(url) {
    if (state.pictureUrl) URL.revokeObjectURL(state.pictureUrl);
    state.pictureUrl = url;
    renderPicture();
  }

  function loadPicture() {
    var view = state.view;
    if (!view.hasPicture) {
      setPictureUrl(null);
      return Promise.resolve();
    }
    // The version makes a new picture a new URL (renditions are cached for five minutes).
    return rawFetch('GET', profilePath('/picture?size=512&v=' + encodeURIComponent(view.pictureVersion || '')))
      .then(function (response) {
        if (!response.ok) return failed(response);
        return response.blob();
      })
      .then(function (blob) {
        setPictureUrl(URL.createObjectURL(blob));
      })
      .catch(function () {
        setPictureUrl(null); // initials instead
      });
  }

  function showPictureError(message) {
    els.pictureError.textContent = message || '';
    resize();
  }

  function uploadPicture(blob) {
    showPictureError('');
    return rawFetch('PUT', profilePath('/picture'), blob, blob.type || 'application/octet-stream').then(function (response) {
      if (!response.ok) return failed(response);
      return null;
    });
  }

  function removePicture(event) {
    var button = event && event.currentTarget;
    setBusy(button, true);
    showPictureError('');
    rawFetch('DELETE', profilePath('/picture'))
      .then(function (response) {
        if (!response.ok) return failed(response);
        return load().then(function () {
          flag('Picture removed', '', 'success');
        });
      })
      .catch(function (error) {
        setBusy(button, false);
        showPictureError(messageOf(error));
      });
  }

  /** Reads the chosen file; a file the browser cannot draw goes to Rollcall as it is, which says why it is refused. */
  function startCrop(file) {
    showPictureError('');
    var url = URL.createObjectURL(file);
    var image = new Image();
    image.onload = function () {
      openCropper(image, url);
    };
    image.onerror = function () {
      URL.revokeObjectURL(url);
      uploadPicture(file)
        .then(function () {
          return load();
        })
        .catch(function (error) {
          showPictureError(messageOf(error));
        });
    };
    image.src = url;
  }

  /**
   * The crop step: the picture under a fixed square window; drag it (mouse, touch or arrow keys) and
   * zoom it (slider or wheel) until the square shows what should be seen. Saving draws that square
   * into a 512×512 JPEG and uploads it.
   */
  function openCropper(image, objectUrl) {
    var STAGE = 320;
    var WINDOW = 256;
    var inset = (STAGE - WINDOW) / 2;
    var ratio = window.devicePixelRatio || 1;
    var minScale = Math.max(WINDOW / image.naturalWidth, WINDOW / image.naturalHeight);
    var crop = { zoom: 1, scale: minScale, x: 0, y: 0 };
    // Centred to start with.
    crop.x = STAGE / 2 - (image.naturalWidth * crop.scale) / 2;
    crop.y = STAGE / 2 - (image.naturalHeight * crop.scale) / 2;

    var canvas = h('canvas', {
      class: 'pf-crop-canvas',
      width: STAGE * ratio,
      height: STAGE * ratio,
      tabindex: '0',
      role: 'img',
      'aria-label': 'Picture to crop: drag or use the arrow keys to move it',
      'data-testid': 'crop-canvas',
    });
    canvas.style.width = STAGE + 'px';
    canvas.style.height = STAGE + 'px';
    var preview = h('canvas', { class: 'pf-crop-preview', width: 96 * ratio, height: 96 * ratio, 'aria-hidden': 'true', 'data-testid': 'crop-preview' });
    preview.style.width = '96px';
    preview.style.height = '96px';
    var zoomId = nextId('zoom');
    var zoom = h('input', { type: 'range', id: zoomId, min: '1', max: '4', step: '0.01', value: '1', class: 'pf-zoom', 'data-testid': 'crop-zoom' });
    var error = h('div', { class: 'error', role: 'alert', 'data-testid': 'crop-error' });
    var save = h('button', { class: 'aui-button aui-button-primary', type: 'button', 'data-testid': 'crop-save', text: 'Save picture' });
    var cancel = h('button', { class: 'aui-button aui-button-link', type: 'button', 'data-testid': 'crop-cancel', text: 'Cancel' });

    function clamp() {
      var w = image.naturalWidth * crop.scale;
      var ht = image.naturalHeight * crop.scale;
      crop.x = Math.min(inset, Math.max(inset + WINDOW - w, crop.x));
      crop.y = Math.min(inset, Math.max(inset + WINDOW - ht, crop.y));
    }

    function draw() {
      clamp();
      var ctx = canvas.getContext('2d');
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.fillStyle = '#f4f5f7';
      ctx.fillRect(0, 0, STAGE, STAGE);
      ctx.imageSmoothingQuality = 'high';
      ctx.drawImage(image, crop.x, crop.y, image.naturalWidth * crop.scale, image.naturalHeight * crop.scale);
      // Dim what stays outside the square; mark the square and the circle avatars show.
      ctx.fillStyle = 'rgba(9, 30, 66, 0.54)';
      ctx.fillRect(0, 0, STAGE, inset);
      ctx.fillRect(0, inset + WINDOW, STAGE, inset);
      ctx.fillRect(0, inset, inset, WINDOW);
      ctx.fillRect(inset + WINDOW, inset, inset, WINDOW);
      ctx.strokeStyle = '#fff';
      ctx.lineWidth = 2;
      ctx.strokeRect(inset, inset, WINDOW, WINDOW);
      ctx.setLineDash([4, 4]);
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.arc(STAGE / 2, STAGE / 2, WINDOW / 2, 0, Math.PI * 2);
      ctx.stroke();
      ctx.setLineDash([]);
      var p = preview.getContext('2d');
      p.setTransform(1, 0, 0, 1, 0, 0);
      p.clearRect(0, 0, preview.width, preview.height);
      drawCrop(p, preview.width);
    }

    /** The square under the window, drawn into a size×size context. */
    function drawCrop(ctx, size) {
      var source = WINDOW / crop.scale;
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, size, size);
      ctx.imageSmoothingQuality = 'high';
      ctx.drawImage(image, (inset - crop.x) / crop.scale, (inset - crop.y) / crop.scale, source, source, 0, 0, size, size);
    }

    function zoomTo(value, cx, cy) {
      var z = Math.min(4, Math.max(1, value));
      var before = crop.scale;
      crop.zoom = z;
      crop.scale = minScale * z;
      // Keep the point under (cx, cy) in place (the window's centre by default).
      var px = cx === undefined ? STAGE / 2 : cx;
      var py = cy === undefined ? STAGE / 2 : cy;
      crop.x = px - ((px - crop.x) * crop.scale) / before;
      crop.y = py - ((py - crop.y) * crop.scale) / before;
      zoom.value = String(z);
      draw();
    }

    var dragging = null;
    canvas.addEventListener('pointerdown', function (event) {
      dragging = { x: event.clientX, y: event.clientY, startX: crop.x, startY: crop.y };
      canvas.setPointerCapture(event.pointerId);
      canvas.classList.add('pf-dragging');
    });
    canvas.addEventListener('pointermove', function (event) {
      if (!dragging) return;
      crop.x = dragging.startX + (event.clientX - dragging.x);
      crop.y = dragging.startY + (event.clientY - dragging.y);
      draw();
    });
    function endDrag() {
      dragging = null;
      canvas.classList.remove('pf-dragging');
    }
    canvas.addEventListener('pointerup', endDrag);
    canvas.addEventListener('pointercancel', endDrag);
    canvas.addEventListener(
      'wheel',
      function (event) {
        event.preventDefault();
        var rect = canvas.getBoundingClientRect();
        zoomTo(crop.zoom * (event.deltaY < 0 ? 1.08 : 1 / 1.08), event.clientX - rect.left, event.clientY - rect.top);
      },
      { passive: false },
    );
    canvas.addEventListener('keydown', function (event) {
      var step = event.shiftKey ? 20 : 4;
      var moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
      if (moves[event.key]) {
        event.preventDefault();
        crop.x += moves[event.key][0];
        crop.y += moves[event.key][1];
        draw();
      } else if (event.key === '+' || event.key === '=') {
        zoomTo(crop.zoom + 0.1);
      } else if (event.key === '-') {
        zoomTo(crop.zoom - 0.1);
      }
    });
    zoom.addEventListener('input', function () {
      zoomTo(Number(zoom.value));
    });

    function close() {
      URL.revokeObjectURL(objectUrl);
      els.cropper.textContent = '';
      resize();
    }
    cancel.addEventListener('click', function () {
      close();
      var change = els.pictureActions.querySelector('[data-testid="change-picture"]');
      if (change) change.focus();
    });
    save.addEventListener('click', function () {
      error.textContent = '';
      setBusy(save, true, 'Saving…');
      cancel.disabled = true;
      var out = h('canvas', { width: CROP_OUTPUT, height: CROP_OUTPUT });
      drawCrop(out.getContext('2d'), CROP_OUTPUT);
      out.toBlob(
        function (blob) {
          if (!blob) {
            setBusy(save, false);
            cancel.disabled = false;
            error.textContent = 'Your browser could not make the picture. Try another file.';
            return;
          }
          uploadPicture(blob)
            .then(function () {
              close();
              return load().then(function () {
                flag('Picture saved', 'Your new picture is on your profile.', 'success');
              });
            })
            .catch(function (err) {
              setBusy(save, false);
              cancel.disabled = false;
              // 413 (too large), 415 (not an image Rollcall reads), 422 (absurd dimensions), 403, …
              error.textContent = messageOf(err);
              showPictureError(messageOf(err));
              resize();
            });
        },
        'image/jpeg',
        0.92,
      );
    });

    els.cropper.textContent = '';
    els.cropper.appendChild(
      h('section', { class: 'pf-cropper', 'data-testid': 'cropper', 'aria-label': 'Crop the picture' }, [
        h('div', { class: 'pf-cropper-head' }, [
          h('h3', { text: 'Crop your picture' }),
          h('p', { class: 'pf-muted', text: 'Drag the picture to choose what shows in the square; zoom with the slider or your mouse wheel.' }),
        ]),
        h('div', { class: 'pf-cropper-main' }, [
          h('div', { class: 'pf-crop-stage' }, [canvas]),
          h('div', { class: 'pf-crop-side' }, [
            h('div', { class: 'pf-crop-preview-wrap' }, [preview, h('span', { class: 'pf-muted', text: 'Preview' })]),
            h('div', { class: 'pf-zoom-row' }, [
              h('label', { for: zoomId, text: 'Zoom' }),
              h('span', { class: 'pf-zoom-icon', 'aria-hidden': 'true', text: '−' }),
              zoom,
              h('span', { class: 'pf-zoom-icon', 'aria-hidden': 'true', text: '+' }),
            ]),
            error,
            h('div', { class: 'pf-cropper-buttons' }, [save, cancel]),
          ]),
        ]),
      ]),
    );
    draw();
    canvas.focus();
    resize();
  }

  // ---------------------------------------------------------------------------------------------
  // Editing
  // ---------------------------------------------------------------------------------------------

  function startEdit(event) {
    var button = event && event.currentTarget;
    setBusy(button, true);
    els.message.textContent = '';
    Rollcall.api('GET', profilePath('?for=edit'))
      .then(function (formView) {
        state.mode = 'edit';
        renderHeader();
        renderForm(formView);
      })
      .catch(function (error) {
        setBusy(button, false);
        showPageMessage('error', 'The form could not be opened', messageOf(error));
      });
  }

  function cancelEdit() {
    state.mode = 'view';
    state.edit = null;
    els.message.textContent = '';
    renderHeader();
    renderView();
    var edit = els.actions.querySelector('[data-testid="edit-profile"]');
    if (edit) edit.focus();
  }

  /** A form control per field: {node, get(), set(value), focus(), error, conflict}. */
  function renderForm(formView) {
    var form = h('form', { class: 'aui pf-form', novalidate: true, 'data-testid': 'profile-form' });
    var formMessage = h('div', { class: 'pf-form-message', 'data-testid': 'form-message', 'aria-live': 'polite' });
    var notice = refreshNotice(formView);
    if (notice) form.appendChild(notice);
    form.appendChild(formMessage);
    var controls = {};
    formView.categories.forEach(function (category) {
      if (!category.fields.length) return;
      var titleId = nextId('form-category');
      var fieldset = h('section', { class: 'pf-form-category', role: 'group', 'aria-labelledby': titleId, 'data-testid': 'form-category', 'data-category-id': category.id }, [
        h('h3', { class: 'pf-form-category-name', id: titleId }, [
          h('span', { text: category.name }),
          category.restricted ? h('span', { class: 'aui-lozenge aui-lozenge-subtle aui-lozenge-moved pf-restricted', title: 'Only members of some groups see this category' }, [icon('lock-filled'), ' Restricted']) : null,
        ]),
      ]);
      category.fields.forEach(function (field) {
        var control = controlFor(field);
        controls[field.key] = control;
        fieldset.appendChild(control.node);
      });
      form.appendChild(fieldset);
    });
    var save = h('button', { class: 'aui-button aui-button-primary', type: 'submit', 'data-testid': 'save-profile', text: 'Save' });
    form.appendChild(
      h('div', { class: 'buttons-container pf-form-buttons' }, [
        h('div', { class: 'buttons' }, [save, h('button', { class: 'aui-button aui-button-link', type: 'button', 'data-testid': 'cancel-edit', text: 'Cancel', on: { click: cancelEdit } })]),
      ]),
    );
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      saveForm(save);
    });
    state.edit = { view: formView, controls: controls, ldapValues: formView.ldapValues || {}, conflicts: {}, form: form, message: formMessage };
    els.body.textContent = '';
    els.body.appendChild(form);
    els.root.setAttribute('data-mode', 'edit');
    var first = form.querySelector('input:not([disabled]):not([type=hidden]):not(.pf-file), textarea:not([disabled]), select:not([disabled])');
    if (first) first.focus();
    resize();
  }

  /** The fields whose directory value changed since the last sync (the form shows the new value; Save stores it). */
  function refreshedFields(view) {
    return view.categories
      .reduce(function (all, category) {
        return all.concat(category.fields);
      }, [])
      .filter(function (field) {
        return !!field.refreshed;
      });
  }

  function refreshSourceNames(fields) {
    return fields
      .map(function (field) {
        return field.refreshed.sourceName || 'the directory';
      })
      .filter(function (name, i, all) {
        return all.indexOf(name) === i;
      });
  }

  /** Says which values the directory changed since the last sync, and that Save keeps them; nothing when none did. */
  function refreshNotice(view) {
    var fields = refreshedFields(view);
    if (!fields.length) return null;
    var labels = fields.map(function (field) {
      return field.label;
    });
    var list = labels.length === 1 ? labels[0] : labels.slice(0, -1).join(', ') + ' and ' + labels[labels.length - 1];
    var sources = refreshSourceNames(fields).join(' and ');
    return h('div', { class: 'aui-message aui-message-info pf-refresh-notice', role: 'status', 'data-testid': 'refresh-notice' }, [
      h('p', { class: 'title' }, [h('strong', { text: sources + ' has newer values' })]),
      h('p', { text: list + ' changed in ' + sources + ' since the last sync. The form shows the new ' + (fields.length === 1 ? 'value' : 'values') + ': click Save to accept these changes.' }),
    ]);
  }

  /** Under a field the directory changed: what it was, so the person sees what Save will replace. */
  function refreshedNote(field) {
    if (!field.refreshed) return null;
    var previous = field.refreshed.previous;
    var was = previous === null || previous === undefined || (Array.isArray(previous) && !previous.length) ? 'empty' : '“' + (Array.isArray(previous) ? previous.join(', ') : String(previous)) + '”';
    return h('div', { class: 'description pf-refreshed-note', 'data-testid': 'refreshed-note' }, [
      icon('refresh'),
      ' Changed in ' + (field.refreshed.sourceName || 'the directory') + ' since the last sync; was ' + was + '.',
    ]);
  }

  function fieldGroup(field, inputId, inputNode, extraClass) {
    var error = h('div', { class: 'error', role: 'alert', 'data-error-for': 'values.' + field.key, 'data-testid': 'field-error' });
    var conflict = h('div', { class: 'pf-conflict-slot' });
    var hints = [refreshedNote(field)];
    hints.push(shared.dom.helpDescription(field.helpText, field.label));
    if (!field.editable) hints.push(h('div', { class: 'description pf-readonly-note', 'data-testid': 'readonly-note' }, [icon('lock-filled'), ' Comes from ' + sourceNameOf(field) + '; change it there.']));
    else if (field.writesBack) hints.push(h('div', { class: 'description pf-writeback-note', 'data-testid': 'writeback-note', text: 'Saving also updates ' + sourceNameOf(field) + '.' }));
    if (!field.shownInProfile) hints.push(h('div', { class: 'description', text: 'Not shown on the profile page.' }));
    var label = h('label', { for: inputId }, [field.label, field.required ? h('span', { class: 'aui-icon icon-required', text: 'required' }) : null]);
    var node = h('div', { class: 'field-group pf-form-field' + (extraClass ? ' ' + extraClass : ''), 'data-testid': 'form-field', 'data-field-key': field.key, 'data-type': field.type }, [label, inputNode].concat(hints, [error, conflict]));
    return { node: node, error: error, conflict: conflict, label: label };
  }

  function controlFor(field) {
    if (!field.editable) return readOnlyControl(field);
    switch (field.type) {
      case 'multiline':
        return textControl(field, h('textarea', { class: 'textarea long-field', rows: '4', maxlength: '10000' }));
      case 'email':
        return textControl(field, h('input', { class: 'text long-field', type: 'email', maxlength: '254', autocomplete: 'off' }));
      case 'phone':
        return textControl(field, h('input', { class: 'text medium-long-field', type: 'tel', maxlength: '60', autocomplete: 'off' }));
      case 'url':
        return textControl(field, h('input', { class: 'text long-field', type: 'url', maxlength: '2000', autocomplete: 'off' }));
      case 'number':
        return textControl(field, h('input', { class: 'text medium-field', type: 'number', step: 'any' }));
      case 'date':
        return textControl(field, h('input', { class: 'text medium-field', type: 'date' }));
      case 'select':
        return selectControl(field);
      case 'multiselect':
        return checkboxesControl(field);
      case 'user':
      case 'multiuser':
        return peopleControl(field, field.type === 'multiuser');
      default:
        return textControl(field, h('input', { class: 'text long-field', type: 'text', maxlength: '1000', autocomplete: 'off' }));
    }
  }

  function textControl(field, input) {
    var id = nextId('field');
    input.id = id;
    input.name = 'values.' + field.key;
    input.setAttribute('data-testid', 'input-' + field.key);
    if (field.required) input.setAttribute('aria-required', 'true');
    input.value = isEmptyValue(field.value) ? '' : String(field.value);
    var group = fieldGroup(field, id, input);
    return {
      field: field,
      node: group.node,
      error: group.error,
      conflict: group.conflict,
      input: input,
      get: function () {
        var value = input.value;
        if (field.type !== 'multiline') value = value.trim();
        return value === '' ? null : value;
      },
      set: function (value) {
        input.value = isEmptyValue(value) ? '' : String(value);
      },
      focus: function () {
        input.focus();
      },
    };
  }

  function readOnlyControl(field) {
    var id = nextId('field');
    var text = displayText(field);
    var input =
      field.type === 'multiline'
        ? h('textarea', { class: 'textarea long-field', rows: '3', id: id, disabled: true, value: text })
        : h('input', { class: 'text long-field', type: 'text', id: id, disabled: true, value: text });
    input.setAttribute('data-testid', 'input-' + field.key);
    var group = fieldGroup(field, id, input, 'pf-readonly');
    return {
      field: field,
      readOnly: true,
      node: group.node,
      error: group.error,
      conflict: group.conflict,
      input: input,
      get: function () {
        return field.value;
      },
      set: function () {},
      focus: function () {
        input.focus();
      },
    };
  }

  function selectControl(field) {
    var id = nextId('field');
    var select = h('select', { class: 'select', id: id, name: 'values.' + field.key, 'data-testid': 'input-' + field.key }, [h('option', { value: '', text: field.required ? 'Choose…' : 'None' })]);
    (field.options || []).forEach(function (option) {
      select.appendChild(h('option', { value: option.id, text: option.label + (option.retired ? ' (no longer offered)' : '') }));
    });
    select.value = isEmptyValue(field.value) ? '' : String(field.value);
    var group = fieldGroup(field, id, select);
    return {
      field: field,
      node: group.node,
      error: group.error,
      conflict: group.conflict,
      input: select,
      get: function () {
        return select.value || null;
      },
      set: function (value) {
        select.value = isEmptyValue(value) ? '' : String(value);
      },
      focus: function () {
        select.focus();
      },
    };
  }

  function checkboxesControl(field) {
    var chosen = Array.isArray(field.value) ? field.value : [];
    var boxes = (field.options || []).map(function (option) {
      var id = nextId('option');
      var input = h('input', { class: 'checkbox', type: 'checkbox', id: id, value: option.id, checked: chosen.indexOf(option.id) >= 0, 'data-testid': 'option-' + field.key });
      return {
        input: input,
        node: h('div', { class: 'checkbox' }, [input, formGlyph(), h('label', { for: id, text: option.label + (option.retired ? ' (no longer offered)' : '') })]),
      };
    });
    var legendId = nextId('legend');
    var error = h('div', { class: 'error', role: 'alert', 'data-error-for': 'values.' + field.key, 'data-testid': 'field-error' });
    var conflict = h('div', { class: 'pf-conflict-slot' });
    var node = h(
      'fieldset',
      { class: 'group pf-form-field', 'data-testid': 'form-field', 'data-field-key': field.key, 'data-type': field.type, 'aria-labelledby': legendId },
      [h('legend', { id: legendId }, [h('span', {}, [field.label, field.required ? h('span', { class: 'aui-icon icon-required', text: 'required' }) : null])])]
        .concat(
          boxes.map(function (b) {
            return b.node;
          }),
        )
        .concat([refreshedNote(field), shared.dom.helpDescription(field.helpText, field.label), error, conflict]),
    );
    return {
      field: field,
      node: node,
      error: error,
      conflict: conflict,
      input: boxes.length ? boxes[0].input : node,
      get: function () {
        var ids = boxes
          .filter(function (b) {
            return b.input.checked;
          })
          .map(function (b) {
            return b.input.value;
          });
        return ids.length ? ids : null;
      },
      set: function (value) {
        var list = Array.isArray(value) ? value : [];
        boxes.forEach(function (b) {
          b.input.checked = list.indexOf(b.input.value) >= 0;
        });
      },
      focus: function () {
        if (boxes.length) boxes[0].input.focus();
      },
    };
  }

  /**
   * A person picker: chips for the chosen people and a combobox searching GET /rest/v1/people.
   * A single-user field holds one chip; choosing another person replaces it.
   */
  function peopleControl(field, multi) {
    var chosen = (field.people || []).map(function (p) {
      return { accountId: p.accountId, displayName: p.displayName || p.accountId };
    });
    var id = nextId('field');
    var listId = nextId('suggestions');
    var chips = h('ul', { class: 'pf-chips', 'data-testid': 'user-chips', 'aria-label': field.label + ': chosen people' });
    var input = h('input', {
      class: 'text long-field',
      type: 'text',
      id: id,
      autocomplete: 'off',
      role: 'combobox',
      'aria-autocomplete': 'list',
      'aria-expanded': 'false',
      'aria-controls': listId,
      placeholder: multi ? 'Add a person: type a name or email' : 'Type a name or email',
      'data-testid': 'input-' + field.key,
    });
    var list = h('ul', { class: 'pf-suggestions', id: listId, role: 'listbox', hidden: true, 'data-testid': 'user-suggestions' });
    var combobox = h('div', { class: 'pf-combobox' }, [input, list]);
    var suggestions = [];
    var active = -1;
    var timer = null;
    var requestNo = 0;

    function drawChips() {
      chips.textContent = '';
      chosen.forEach(function (person, i) {
        chips.appendChild(
          h('li', { class: 'pf-chip', 'data-testid': 'user-chip', 'data-account-id': person.accountId }, [
            h('span', { class: 'pf-initials pf-avatar pf-avatar-tiny', 'aria-hidden': 'true', text: initialsOf(person.displayName) }),
            h('span', { class: 'pf-chip-name', text: person.displayName }),
            h('button', {
              class: 'pf-chip-remove',
              type: 'button',
              title: 'Remove ' + person.displayName,
              'aria-label': 'Remove ' + person.displayName,
              'data-testid': 'user-chip-remove',
              text: '×',
              on: {
                click: function () {
                  chosen.splice(i, 1);
                  drawChips();
                  input.focus();
                },
              },
            }),
          ]),
        );
      });
      input.placeholder = !multi && chosen.length ? 'Type to choose someone else' : multi ? 'Add a person: type a name or email' : 'Type a name or email';
      resize();
    }

    function closeList() {
      list.hidden = true;
      list.textContent = '';
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      suggestions = [];
      active = -1;
      resize();
    }

    function choose(person) {
      if (multi) {
        if (
          !chosen.some(function (p) {
            return p.accountId === person.accountId;
          })
        ) {
          chosen.push(person);
        }
      } else {
        chosen = [person];
      }
      input.value = '';
      closeList();
      drawChips();
      input.focus();
    }

    function highlight(index) {
      active = index;
      Array.prototype.forEach.call(list.children, function (item, i) {
        item.classList.toggle('pf-active', i === index);
        item.setAttribute('aria-selected', String(i === index));
        if (i === index) input.setAttribute('aria-activedescendant', item.id);
      });
    }

    function avatarOf(person) {
      var url = person.pictureUrl;
      if (url && !/^https?:/.test(url) && cfg.hostBaseUrl) {
        try {
          url = new URL(url, cfg.hostBaseUrl).toString();
        } catch {
          url = null;
        }
      }
      return url && /^https?:/.test(url)
        ? h('img', { class: 'pf-avatar pf-avatar-tiny', src: url, alt: '' })
        : h('span', { class: 'pf-avatar pf-avatar-tiny pf-initials', 'aria-hidden': 'true', text: initialsOf(person.displayName) });
    }

    function showSuggestions(people, query) {
      list.textContent = '';
      suggestions = people.filter(function (p) {
        return !chosen.some(function (c) {
          return c.accountId === p.accountId;
        });
      });
      if (!suggestions.length) {
        list.appendChild(h('li', { class: 'pf-suggestion-note', role: 'presentation', 'data-testid': 'user-suggestion-none', text: 'No one matches “' + query + '”.' }));
      }
      suggestions.forEach(function (person, i) {
        var name = person.displayName || person.accountId;
        list.appendChild(
          h(
            'li',
            {
              class: 'pf-suggestion',
              id: listId + '-' + i,
              role: 'option',
              'aria-selected': 'false',
              'data-testid': 'user-suggestion',
              'data-account-id': person.accountId,
              on: {
                mousedown: function (event) {
                  event.preventDefault(); // keep the focus in the input
                },
                click: function () {
                  choose({ accountId: person.accountId, displayName: name });
                },
              },
            },
            [avatarOf({ pictureUrl: person.pictureUrl, displayName: name }), h('span', { text: name })],
          ),
        );
      });
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
      if (suggestions.length) highlight(0);
      resize();
    }

    function search() {
      var query = input.value.trim();
      window.clearTimeout(timer);
      if (!query) {
        closeList();
        return;
      }
      timer = window.setTimeout(function () {
        var mine = ++requestNo;
        Rollcall.api('GET', '/rest/v1/people?limit=8&query=' + encodeURIComponent(query))
          .then(function (data) {
            if (mine !== requestNo || input.value.trim() !== query) return;
            showSuggestions((data && data.people) || [], query);
          })
          .catch(function (error) {
            if (mine !== requestNo) return;
            list.textContent = '';
            list.appendChild(h('li', { class: 'pf-suggestion-note', role: 'presentation', text: 'Search failed: ' + messageOf(error) }));
            list.hidden = false;
          });
      }, 150);
    }

    input.addEventListener('input', search);
    input.addEventListener('keydown', function (event) {
      if (event.key === 'ArrowDown' && suggestions.length) {
        event.preventDefault();
        highlight((active + 1) % suggestions.length);
      } else if (event.key === 'ArrowUp' && suggestions.length) {
        event.preventDefault();
        highlight((active - 1 + suggestions.length) % suggestions.length);
      } else if (event.key === 'Enter') {
        // Enter picks the highlighted person; it never submits the form from here.
        event.preventDefault();
        if (active >= 0 && suggestions[active]) choose({ accountId: suggestions[active].accountId, displayName: suggestions[active].displayName || suggestions[active].accountId });
      } else if (event.key === 'Escape' && !list.hidden) {
        event.preventDefault();
        closeList();
      } else if (event.key === 'Backspace' && !input.value && chosen.length) {
        chosen.pop();
        drawChips();
      }
    });
    input.addEventListener('blur', function () {
      window.setTimeout(closeList, 150);
    });

    drawChips();
    var group = fieldGroup(field, id, h('div', { class: 'pf-people-picker', 'data-testid': 'user-picker' }, [chips, combobox]));
    return {
      field: field,
      node: group.node,
      error: group.error,
      conflict: group.conflict,
      input: input,
      get: function () {
        var ids = chosen.map(function (p) {
          return p.accountId;
        });
        if (multi) return ids.length ? ids : null;
        return ids[0] || null;
      },
      set: function (value) {
        var ids = Array.isArray(value) ? value : isEmptyValue(value) ? [] : [value];
        chosen = ids.map(function (accountId) {
          return { accountId: accountId, displayName: accountId };
        });
        drawChips();
      },
      focus: function () {
        input.focus();
      },
    };
  }

  /** JSON-comparable form of a value: empty is null, lists are sorted, numbers are text. */
  function comparable(value, type) {
    if (isEmptyValue(value)) return 'null';
    if (Array.isArray(value)) return JSON.stringify(value.slice().sort());
    if (type === 'multiline') return JSON.stringify(String(value).replace(/\r\n/g, '\n'));
    return JSON.stringify(String(value));
  }

  function valueLabel(field, value) {
    if (isEmptyValue(value)) return '(empty)';
    if (field.type === 'select' || field.type === 'multiselect') {
      var ids = Array.isArray(value) ? value : [value];
      return ids
        .map(function (id) {
          var option = (field.options || []).filter(function (o) {
            return o.id === id;
          })[0];
          return option ? option.label : id;
        })
        .join(', ');
    }
    return Array.isArray(value) ? value.join(', ') : String(value);
  }

  function clearFormErrors() {
    var edit = state.edit;
    edit.message.textContent = '';
    Object.keys(edit.controls).forEach(function (key) {
      var control = edit.controls[key];
      control.error.textContent = '';
      if (control.input && control.input.removeAttribute) control.input.removeAttribute('aria-invalid');
    });
  }

  function formMessage(kind, title, lines, action) {
    var edit = state.edit;
    edit.message.textContent = '';
    edit.message.appendChild(
      h('div', { class: 'aui-message aui-message-' + kind, role: 'alert', 'data-testid': 'form-message-' + kind }, [
        h('p', { class: 'title' }, [h('strong', { text: title })]),
      ]
        .concat(
          (lines || []).map(function (line) {
            return typeof line === 'string' ? h('p', { text: line }) : line;
          }),
        )
        .concat(action ? [h('p', {}, [action])] : [])),
    );
    edit.message.scrollIntoView({ block: 'nearest' });
    resize();
  }

  function saveForm(button) {
    var edit = state.edit;
    clearFormErrors();
    var unresolved = Object.keys(edit.conflicts).filter(function (key) {
      return !edit.conflicts[key].chosen;
    });
    if (unresolved.length) {
      unresolved.forEach(function (key) {
        edit.controls[key].error.textContent = 'Choose which value to keep.';
      });
      edit.controls[unresolved[0]].conflict.querySelector('input').focus();
      return;
    }
    var values = {};
    Object.keys(edit.controls).forEach(function (key) {
      var control = edit.controls[key];
      if (control.readOnly) return;
      var now = control.get();
      if (comparable(now, control.field.type) !== comparable(control.field.value, control.field.type)) values[key] = now;
    });
    var refreshed = refreshedFields(edit.view);
    var own = Object.keys(values).length > 0;
    if (!own && !refreshed.length) {
      cancelEdit();
      flag('Nothing to save', 'The profile is as it was.', 'info');
      return;
    }
    var ldapValues = {};
    Object.keys(edit.ldapValues).forEach(function (key) {
      ldapValues[key] = edit.ldapValues[key];
    });
    var writesBack = [];
    Object.keys(values).forEach(function (key) {
      if (edit.conflicts[key]) ldapValues[key] = edit.conflicts[key].directory; // the new baseline
      if (edit.controls[key].field.writesBack) writesBack.push(sourceNameOf(edit.controls[key].field));
    });
    setBusy(button, true, 'Saving…');
    Rollcall.api('PUT', profilePath(), { values: values, version: edit.view.version, ldapValues: ldapValues })
      .then(function (view) {
        state.view = view;
        state.mode = 'view';
        state.edit = null;
        renderHeader();
        renderView();
        var sources = writesBack.filter(function (name, i) {
          return writesBack.indexOf(name) === i;
        });
        var body = sources.length ? 'Your changes are saved, and written to ' + sources.join(' and ') + '.' : own ? 'Your changes are saved.' : '';
        if (refreshed.length) body += (body ? ' ' : '') + 'The new values from ' + refreshSourceNames(refreshed).join(' and ') + ' are saved' + (own ? ' too.' : '.');
        flag('Profile saved', body, 'success');
      })
      .catch(function (error) {
        setBusy(button, false);
        handleSaveError(error);
      });
  }

  function handleSaveError(error) {
    var edit = state.edit;
    var code = codeOf(error);
    var details = error && error.body && error.body.details;
    if (error.status === 409 && code === 'stale_version') {
      formMessage('warning', 'This profile changed since you opened the form', ['Someone (or a sync) saved it in the meantime. Reload the form to see the current values, then make your change again.'], h('button', {
        class: 'aui-button',
        type: 'button',
        'data-testid': 'reload-form',
        text: 'Reload the form',
        on: { click: startEdit },
      }));
      return;
    }
    if (error.status === 409 && code === 'ldap_conflict' && Array.isArray(details)) {
      formMessage('warning', 'The directory changed since you opened the form', [messageOf(error)]);
      details.forEach(showConflict);
      var first = edit.controls[details[0] && details[0].field];
      if (first) first.node.scrollIntoView({ block: 'center' });
      return;
    }
    if (error.status === 422 && code === 'invalid_values' && Array.isArray(details)) {
      var general = [];
      var firstInvalid = null;
      details.forEach(function (d) {
        var key = typeof d.path === 'string' && d.path.indexOf('values.') === 0 ? d.path.slice('values.'.length) : null;
        var control = key && edit.controls[key];
        if (control) {
          control.error.textContent = control.error.textContent ? control.error.textContent + ' ' + d.message : d.message;
          if (control.input && control.input.setAttribute) control.input.setAttribute('aria-invalid', 'true');
          if (!firstInvalid) firstInvalid = control;
        } else {
          general.push(d.message);
        }
      });
      if (general.length) formMessage('error', 'The profile was not saved', general);
      else formMessage('error', 'The profile was not saved', ['Correct the values marked below.']);
      if (firstInvalid) firstInvalid.focus();
      resize();
      return;
    }
    if (code === 'ldap_refused') {
      var causes = details && Array.isArray(details.usualCauses) ? details.usualCauses : [];
      formMessage('error', 'The directory refused the change: nothing was saved', [
        messageOf(error),
        causes.length
          ? h(
              'ul',
              { class: 'pf-causes' },
              causes.map(function (c) {
                return h('li', { text: String(c) });
              }),
            )
          : null,
      ].filter(Boolean));
      return;
    }
    formMessage('error', 'The profile was not saved', [messageOf(error)]);
  }

  /** Both values of a field the directory changed since the form opened, and a choice between them. */
  function showConflict(detail) {
    var edit = state.edit;
    var control = edit.controls[detail.field];
    if (!control) return;
    var field = control.field;
    var source = sourceNameOf(field);
    var name = nextId('conflict');
    edit.conflicts[detail.field] = { directory: detail.directory, yours: detail.yours, chosen: null };

    function option(kind, label, value) {
      var id = nextId('choice');
      var input = h('input', { class: 'radio', type: 'radio', name: name, id: id, value: kind, 'data-testid': 'conflict-' + kind });
      input.addEventListener('change', function () {
        edit.conflicts[detail.field].chosen = kind;
        control.set(value);
        control.error.textContent = '';
        box.classList.add('pf-conflict-resolved');
      });
      return h('div', { class: 'radio pf-conflict-choice' }, [input, formGlyph(), h('label', { for: id }, [h('span', { class: 'pf-conflict-label', text: label + ' ' }), h('span', { class: 'pf-conflict-value', 'data-testid': 'conflict-' + kind + '-value', text: valueLabel(field, value) })])]);
    }

    var box = h('div', { class: 'pf-conflict', role: 'group', 'aria-label': field.label + ': choose a value', 'data-testid': 'conflict', 'data-field-key': detail.field }, [
      h('p', { class: 'pf-conflict-title' }, [icon('warning'), ' ' + field.label + ' changed in ' + source + ' since you opened the form. Which value do you keep?']),
      option('yours', 'Yours:', detail.yours),
      option('directory', 'In ' + source + ' now:', detail.directory),
    ]);
    control.conflict.textContent = '';
    control.conflict.appendChild(box);
    resize();
  }

  // ---------------------------------------------------------------------------------------------
  // Start
  // ---------------------------------------------------------------------------------------------

  /** The profile card macro: its person links open the profile page through Connect. */
  function startCard(card) {
    cfg.addonKey = card.getAttribute('data-addon-key') || '';
    card.addEventListener('click', function (event) {
      var link = event.target.closest && event.target.closest('a[data-profile-link]');
      if (!link || !cfg.addonKey) return;
      openProfile(event, link.getAttribute('data-account-id'));
    });
  }

  function start() {
    var card = document.querySelector('[data-page="profile-card"]');
    if (card) {
      startCard(card);
      return;
    }
    els.root = document.querySelector('[data-page="profile"]');
    if (!els.root || !window.Rollcall) return;
    cfg.targetId = els.root.getAttribute('data-profile-account-id');
    cfg.viewerId = els.root.getAttribute('data-viewer-account-id');
    cfg.addonKey = els.root.getAttribute('data-addon-key');
    cfg.hostBaseUrl = els.root.getAttribute('data-host-base-url');
    els.message = els.root.querySelector('[data-testid="page-message"]');
    els.header = els.root.querySelector('[data-testid="profile-header"]');
    els.picture = els.root.querySelector('[data-testid="picture"]');
    els.pictureActions = els.root.querySelector('[data-testid="picture-actions"]');
    els.pictureError = els.root.querySelector('[data-testid="picture-error"]');
    els.name = els.root.querySelector('[data-testid="profile-name"]');
    els.subtitle = els.root.querySelector('[data-testid="profile-subtitle"]');
    els.meta = els.root.querySelector('[data-testid="profile-meta"]');
    els.actions = els.root.querySelector('[data-testid="header-actions"]');
    els.cropper = els.root.querySelector('[data-testid="cropper-slot"]');
    els.body = els.root.querySelector('[data-testid="profile-body"]');
    if (els.root.getAttribute('data-account-id-valid') !== 'true') {
      els.header.hidden = true;
      els.body.textContent = '';
      showPageMessage('warning', 'No such person', 'The link names an account id that is not valid.');
      els.root.setAttribute('data-loaded', 'error');
      return;
    }
    if (!window.AP || !AP.context) {
      els.body.textContent = '';
      showPageMessage('error', 'This page works inside Confluence', 'Open it from Confluence’s Apps menu.');
      return;
    }
    load();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
