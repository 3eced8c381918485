/*
 * Profile Editor (admin page): categories of profile fields, their order, visibility and help texts,
 * with a live preview of a profile. Everything goes through REST v1 with Rollcall.api().
 *
 * The page keeps the server's data in `state` and what the admin is doing in `ui` (open forms,
 * errors, confirmations); render() rebuilds the lists from both. Open forms are DOM nodes kept in
 * `ui` and re-attached by render(), so what an admin typed survives a re-render.
 * Data only ever reaches the DOM as text (textContent, attributes): never as HTML.
 */
(function () {
  'use strict';

  var TYPE_LABELS = {
    text: 'Text',
    multiline: 'Multiline text',
    email: 'Email',
    phone: 'Phone',
    url: 'URL',
    number: 'Number',
    date: 'Date',
    select: 'Single select',
    multiselect: 'Multi select',
    user: 'User',
    multiuser: 'Multiple users',
  };
  /** The server's limit (MAX_HELP_TEXT_LENGTH in src/profiles/schemas.ts). */
  var HELP_MAX = 10000;
  /** Where a 409 of a form belongs when the server gives no details. */
  var CONFLICT_TARGETS = {
    duplicate_category: 'name',
    option_in_use: 'options',
    type_change_refused: 'type',
    superior_field_taken: 'orgChartSuperior',
  };

  var state = { loaded: false, categories: [], fields: [], types: [] };
  var ui = {
    categoryErrors: {}, // category id -> message
    fieldErrors: {}, // field key -> message
    confirm: null, // {kind: 'category' | 'field', id}
    renaming: {}, // category id -> rename form node
    groupEditors: {}, // category id -> {node, refresh}
    fieldForm: null, // {mode: 'add' | 'edit', key, categoryId, node}
    pending: {}, // 'field:key' / 'category:id' -> true while a request about it runs
    highlight: null, // 'field:key' / 'category:id' to flash once
    focus: null, // selector to focus after the next render
  };
  var els = {};
  var drag = null;

  // ---------------------------------------------------------------------------------------------
  // Small DOM helpers (text only)
  // ---------------------------------------------------------------------------------------------

  // Shared helpers: see public/js/rollcall.js.
  var { h, icon, lozenge, formGlyph, visible, clearFormErrors } = Rollcall.dom;
  var { messageOf, codeOf } = Rollcall;
  var { nextId, setBusy } = Rollcall.dom.withPrefix('pe');

  function announce(text) {
    Rollcall.dom.announce(els.live, text);
  }

  /** A compact subtle icon button with an accessible name and a tooltip. */
  function iconButton(iconName, label, attrs, onClick) {
    var all = { class: 'aui-button aui-button-subtle aui-button-compact pe-icon-button', type: 'button', title: label, 'aria-label': label, on: { click: onClick } };
    Object.keys(attrs || {}).forEach(function (k) {
      all[k] = attrs[k];
    });
    return h('button', all, [icon(iconName)]);
  }

  // ---------------------------------------------------------------------------------------------
  // Errors
  // ---------------------------------------------------------------------------------------------

  /** details as [{path: ['options', 2, 'label'], message}], whether the server sends 'a.b' or ['a', 'b']. */
  function detailsOf(error) {
    var details = error && error.body && error.body.details;
    if (!Array.isArray(details)) return [];
    return details
      .filter(function (d) {
        return d && typeof d.message === 'string';
      })
      .map(function (d) {
        var path = Array.isArray(d.path) ? d.path.map(String) : typeof d.path === 'string' && d.path ? d.path.split('.') : [];
        return { path: path, message: d.message };
      });
  }

  function addError(target, message) {
    if (!target) return;
    target.textContent = target.textContent ? target.textContent + ' ' + message : message;
    var group = target.closest('.field-group, .pe-option, .pe-options, fieldset, form.pe-rename');
    var input = group && group.querySelector('input:not([type=checkbox]), select, textarea');
    if (input) input.setAttribute('aria-invalid', 'true');
  }

  /**
   * Shows a refused request's messages in a form: each detail next to the input its path names
   * (`[data-error-for]` = the path's first segment; `options.N…` next to option N when the form has
   * it), a conflict next to what it is about, anything else at the top of the form.
   */
  function showFormErrors(form, error) {
    clearFormErrors(form);
    var formLevel = form.querySelector('[data-error-for="_form"]');
    var details = detailsOf(error);
    if (details.length) {
      details.forEach(function (d) {
        var target = null;
        if (d.path[0] === 'options' && d.path.length > 1) {
          target = form.querySelector('[data-option-error="' + d.path[1] + '"]');
        }
        if (!target && d.path.length) target = form.querySelector('[data-error-for="' + d.path[0] + '"]');
        addError(visible(target) ? target : formLevel, d.message);
      });
    } else {
      var name = CONFLICT_TARGETS[codeOf(error)];
      var target = name && form.querySelector('[data-error-for="' + name + '"]');
      addError(visible(target) ? target : formLevel, messageOf(error));
    }
    var invalid = form.querySelector('[aria-invalid="true"]');
    if (invalid) invalid.focus();
    Rollcall.resize();
  }

  // ---------------------------------------------------------------------------------------------
  // State helpers
  // ---------------------------------------------------------------------------------------------

  function typeInfo(type) {
    for (var i = 0; i < state.types.length; i++) {
      if (state.types[i].type === type) return state.types[i];
    }
    return { type: type, label: TYPE_LABELS[type] || type, hasOptions: type === 'select' || type === 'multiselect', convertsTo: [] };
  }

  function categoryById(id) {
    for (var i = 0; i < state.categories.length; i++) {
      if (state.categories[i].id === id) return state.categories[i];
    }
    return null;
  }

  function fieldByKey(key) {
    for (var i = 0; i < state.fields.length; i++) {
      if (state.fields[i].key === key) return state.fields[i];
    }
    return null;
  }

  function fieldsOf(categoryId) {
    return state.fields.filter(function (f) {
      return f.categoryId === categoryId;
    });
  }

  function groupNames(category) {
    return (category.restrictedToGroups || []).map(function (g) {
      return g.name;
    });
  }

  /** Keeps `state.fields` in category order, positions 0..n-1 within each category, and counts. */
  function normalise() {
    var byCategory = state.categories.map(function (c) {
      return fieldsOf(c.id);
    });
    var known = {};
    state.categories.forEach(function (c, index) {
      c.position = index;
      known[c.id] = true;
    });
    var orphans = state.fields.filter(function (f) {
      return !known[f.categoryId];
    });
    state.fields = [];
    byCategory.forEach(function (fields, index) {
      fields.forEach(function (f, position) {
        f.position = position;
      });
      state.categories[index].fieldCount = fields.length;
      state.fields = state.fields.concat(fields);
    });
    state.fields = state.fields.concat(orphans);
  }

  /** Puts `field` into its category's list at `index` (end when out of range). */
  function placeField(field, index) {
    state.fields = state.fields.filter(function (f) {
      return f.key !== field.key;
    });
    var siblings = fieldsOf(field.categoryId);
    if (index < siblings.length) {
      state.fields.splice(state.fields.indexOf(siblings[index]), 0, field);
    } else {
      state.fields.push(field);
    }
    normalise();
  }

  function snapshot() {
    return JSON.parse(JSON.stringify({ categories: state.categories, fields: state.fields }));
  }

  function restore(saved) {
    state.categories = saved.categories;
    state.fields = saved.fields;
  }

  // ---------------------------------------------------------------------------------------------
  // Rendering
  // ---------------------------------------------------------------------------------------------

  function render() {
    var active = document.activeElement;
    var same = sameControlSelector(active);
    renderCategories();
    renderPreview();
    var target = null;
    if (ui.focus) {
      target = els.root.querySelector(ui.focus);
      ui.focus = null;
    } else if (active && active !== document.body && document.activeElement !== active) {
      // Open forms are re-attached nodes: give back the focus a re-attachment takes away; a
      // rebuilt button gets it on its successor.
      target = active.isConnected ? active : same && els.root.querySelector(same);
    }
    if (target && document.activeElement !== target) target.focus();
    ui.highlight = null;
    Rollcall.resize();
  }

  /** A selector for the control that replaces `el` after a render (same row or category, same data-testid). */
  function sameControlSelector(el) {
    if (!el || !els.list.contains(el) || !el.getAttribute('data-testid')) return null;
    var control = '[data-testid="' + el.getAttribute('data-testid') + '"]:not([disabled])';
    var fieldRow = el.closest('[data-field-key]');
    if (fieldRow) return '[data-field-key="' + cssEscape(fieldRow.getAttribute('data-field-key')) + '"] ' + control;
    var section = el.closest('[data-category-id]');
    if (section) return '[data-category-id="' + cssEscape(section.getAttribute('data-category-id')) + '"] ' + control;
    return null;
  }

  function renderCategories() {
    var list = els.list;
    list.textContent = '';
    list.removeAttribute('aria-busy');
    if (!state.categories.length) {
      list.appendChild(
        h('div', { class: 'aui-message aui-message-info pe-empty-state', 'data-testid': 'categories-empty' }, [
          h('p', { class: 'title' }, [h('strong', { text: 'No categories yet' })]),
          h('p', { text: 'Profiles are made of categories of fields. Add the first category below, then add fields to it.' }),
        ]),
      );
      return;
    }
    state.categories.forEach(function (category, index) {
      list.appendChild(categoryElement(category, index));
    });
  }

  function categoryElement(category, index) {
    var id = category.id;
    var titleId = 'pe-category-title-' + index;
    var fields = fieldsOf(id);
    var renaming = ui.renaming[id];
    var groups = groupNames(category);
    var editor = ui.groupEditors[id];
    var confirming = ui.confirm && ui.confirm.kind === 'category' && ui.confirm.id === id;
    var last = index === state.categories.length - 1;

    var header = h('header', { class: 'pe-category-header', draggable: renaming ? 'false' : 'true', 'data-testid': 'category-header' }, [
      h('span', { class: 'pe-handle', title: 'Drag to move the category', 'data-testid': 'category-handle' }, [icon('drag-vertical')]),
      renaming ||
        h('h3', { class: 'pe-category-name', id: titleId, 'data-testid': 'category-name', text: category.name }),
      renaming
        ? null
        : iconButton('edit', 'Rename ' + category.name, { 'data-testid': 'category-rename' }, function () {
            startRename(category);
          }),
      groups.length
        ? h('span', { class: 'aui-lozenge aui-lozenge-moved aui-lozenge-subtle pe-restricted', 'data-testid': 'category-restricted', title: 'Only members of these groups see this category' }, [
            icon('lock-filled'),
            ' Restricted to: ' + groups.join(', '),
          ])
        : null,
      h('span', { class: 'pe-count', 'data-testid': 'category-count', text: fields.length === 1 ? '1 field' : fields.length + ' fields' }),
      h('span', { class: 'pe-actions' }, [
        iconButton('arrow-up', 'Move ' + category.name + ' up', { disabled: index === 0, 'data-testid': 'category-move-up' }, function () {
          moveCategory(id, index - 1, 'category-move-up');
        }),
        iconButton('arrow-down', 'Move ' + category.name + ' down', { disabled: last, 'data-testid': 'category-move-down' }, function () {
          moveCategory(id, index + 1, 'category-move-down');
        }),
        h(
          'button',
          {
            class: 'aui-button aui-button-subtle aui-button-compact',
            type: 'button',
            'aria-expanded': editor ? 'true' : 'false',
            'data-testid': 'category-groups-toggle',
            on: {
              click: function () {
                toggleGroupEditor(category);
              },
            },
          },
          [icon(groups.length ? 'lock' : 'unlock'), ' Visibility'],
        ),
        iconButton('trash', 'Delete ' + category.name, { 'data-testid': 'category-delete', disabled: confirming }, function () {
          ui.confirm = { kind: 'category', id: id };
          delete ui.categoryErrors[id];
          ui.focus = '[data-category-id="' + cssEscape(id) + '"] [data-testid="confirm-delete-yes"]';
          render();
        }),
      ]),
    ]);

    var section = h(
      'section',
      {
        class: 'pe-category' + (ui.pending['category:' + id] ? ' pe-pending' : '') + (ui.highlight === 'category:' + id ? ' pe-flash' : ''),
        'data-category-id': id,
        'data-testid': 'category',
        'aria-labelledby': renaming ? null : titleId,
        'aria-label': renaming ? category.name : null,
      },
      [header],
    );

    if (confirming) {
      section.appendChild(
        confirmBox('Delete the category “' + category.name + '”?', fields.length ? 'It still holds fields: move or delete them first.' : 'This cannot be undone.', function (button) {
          deleteCategory(category, button);
        }),
      );
    }
    section.appendChild(h('div', { class: 'error pe-category-error', role: 'alert', 'data-testid': 'category-error', text: ui.categoryErrors[id] || '' }));
    if (editor) {
      editor.refresh();
      section.appendChild(editor.node);
    }

    var list = h('ol', { class: 'pe-fields', 'data-testid': 'field-list', 'aria-label': 'Fields of ' + category.name });
    fields.forEach(function (field) {
      list.appendChild(fieldRow(field));
      if (ui.fieldForm && ui.fieldForm.mode === 'edit' && ui.fieldForm.key === field.key) {
        list.appendChild(h('li', { class: 'pe-field-form-item' }, [ui.fieldForm.node]));
      }
    });
    if (!fields.length) {
      list.appendChild(h('li', { class: 'pe-fields-empty', 'data-testid': 'fields-empty', text: 'No fields in this category yet. Add one, or drag a field here.' }));
    }
    var adding = ui.fieldForm && ui.fieldForm.mode === 'add' && ui.fieldForm.categoryId === id;
    if (adding) list.appendChild(h('li', { class: 'pe-field-form-item' }, [ui.fieldForm.node]));
    section.appendChild(list);

    if (!adding) {
      section.appendChild(
        h('div', { class: 'pe-category-footer' }, [
          h(
            'button',
            {
              class: 'aui-button aui-button-link',
              type: 'button',
              'data-testid': 'add-field',
              on: {
                click: function () {
                  openFieldForm('add', null, id);
                },
              },
            },
            [icon('add'), ' Add field'],
          ),
        ]),
      );
    }
    return section;
  }

  function fieldRow(field) {
    var key = field.key;
    // Up/down step through the category, then into the neighbouring category (even an empty one).
    var siblings = fieldsOf(field.categoryId);
    var categoryIndex = state.categories.indexOf(categoryById(field.categoryId));
    var first = siblings.indexOf(field) === 0 && categoryIndex <= 0;
    var last = siblings.indexOf(field) === siblings.length - 1 && (categoryIndex < 0 || categoryIndex === state.categories.length - 1);
    var confirming = ui.confirm && ui.confirm.kind === 'field' && ui.confirm.id === key;
    var editing = ui.fieldForm && ui.fieldForm.mode === 'edit' && ui.fieldForm.key === key;
    var info = typeInfo(field.type);
    var markers = [];
    if (field.required) markers.push(lozenge('Required', 'current', { 'data-testid': 'field-required', title: 'People must fill it in' }));
    if (!field.shownInProfile) markers.push(lozenge('Hidden', null, { 'data-testid': 'field-hidden', title: 'Not shown in profiles' }));
    if (field.builtin) markers.push(lozenge('Default', null, { 'data-testid': 'field-builtin', title: 'A default field: it can be renamed and moved, not deleted' }));
    if (field.orgChartSuperior) markers.push(lozenge('Org chart superior', 'complete', { 'data-testid': 'field-superior', title: 'Names the person’s superior in the org chart' }));
    if (info.hasOptions) {
      var all = field.options || [];
      var active = all.filter(function (o) {
        return !o.retired;
      }).length;
      var retired = all.length - active;
      markers.push(h('span', { class: 'pe-muted', 'data-testid': 'field-choices', text: (active === 1 ? '1 choice' : active + ' choices') + (retired ? ', ' + retired + ' retired' : '') }));
    }

    // While its help is open, the row is no drag handle: the text can be selected.
    var help = Rollcall.dom.fieldHelp(field.helpText, {
      label: field.label,
      testId: 'field-help',
      className: 'pe-help',
      onToggle: function (open) {
        row.setAttribute('draggable', open ? 'false' : 'true');
      },
    });
    var row = h(
      'li',
      {
        class: 'pe-field' + (ui.pending['field:' + key] ? ' pe-pending' : '') + (editing ? ' pe-editing' : '') + (ui.highlight === 'field:' + key ? ' pe-flash' : ''),
        draggable: 'true',
        'data-field-key': key,
        'data-testid': 'field-row',
      },
      [
        h('span', { class: 'pe-handle', title: 'Drag to move the field', 'data-testid': 'field-handle' }, [icon('drag-vertical')]),
        h('span', { class: 'pe-field-main' }, [
          h('span', { class: 'pe-field-title' }, [h('span', { class: 'pe-field-label', 'data-testid': 'field-label', text: field.label }), help.icon]),
          h('span', { class: 'pe-field-meta' }, [h('span', { class: 'pe-field-type', 'data-testid': 'field-type', text: info.label || TYPE_LABELS[field.type] || field.type })].concat(markers)),
        ]),
        h('span', { class: 'pe-actions' }, [
          iconButton('arrow-up', 'Move ' + field.label + ' up', { disabled: first, 'data-testid': 'field-move-up' }, function () {
            stepField(key, -1);
          }),
          iconButton('arrow-down', 'Move ' + field.label + ' down', { disabled: last, 'data-testid': 'field-move-down' }, function () {
            stepField(key, 1);
          }),
          iconButton('edit', 'Edit ' + field.label, { 'data-testid': 'field-edit', disabled: editing }, function () {
            openFieldForm('edit', field, field.categoryId);
          }),
          field.builtin
            ? null
            : iconButton('trash', 'Delete ' + field.label, { 'data-testid': 'field-delete', disabled: confirming }, function () {
                ui.confirm = { kind: 'field', id: key };
                delete ui.fieldErrors[key];
                ui.focus = '[data-field-key="' + cssEscape(key) + '"] [data-testid="confirm-delete-yes"]';
                render();
              }),
        ]),
      ],
    );
    if (help.panel) row.appendChild(help.panel);
    if (confirming) {
      row.appendChild(
        confirmBox('Delete the field “' + field.label + '”?', 'Its values are removed from every profile. This cannot be undone.', function (button) {
          deleteField(field, button);
        }),
      );
    }
    if (ui.fieldErrors[key]) {
      row.appendChild(h('div', { class: 'error pe-field-error', role: 'alert', 'data-testid': 'field-error', text: ui.fieldErrors[key] }));
    }
    return row;
  }

  /** A field's help beside its label: a tooltip when short, a button opening a panel when long (rollcall.js). */
  function helpOf(field, testId) {
    return Rollcall.dom.fieldHelp(field.helpText, { label: field.label, testId: testId, className: 'pe-help' });
  }

  function confirmBox(question, detail, onConfirm) {
    var yes = h('button', {
      class: 'aui-button aui-button-primary pe-danger',
      type: 'button',
      'data-testid': 'confirm-delete-yes',
      text: 'Delete',
      on: {
        click: function () {
          onConfirm(yes);
        },
      },
    });
    return h('div', { class: 'pe-confirm', role: 'alertdialog', 'aria-label': question, 'data-testid': 'confirm-delete' }, [
      h('span', { class: 'pe-confirm-text' }, [h('strong', { text: question }), ' ', h('span', { class: 'pe-muted', text: detail })]),
      yes,
      h('button', {
        class: 'aui-button aui-button-link',
        type: 'button',
        'data-testid': 'confirm-delete-no',
        text: 'Cancel',
        on: {
          click: function () {
            ui.confirm = null;
            render();
          },
        },
      }),
    ]);
  }

  // ---------------------------------------------------------------------------------------------
  // Preview
  // ---------------------------------------------------------------------------------------------

  var SAMPLES = {
    text: 'Some text',
    multiline: 'A few lines of text…',
    email: 'alex@example.com',
    phone: '+1 555 0100',
    url: 'https://example.com',
    number: '42',
    date: '17 May 2025',
    user: 'A colleague',
    multiuser: 'Two colleagues',
  };

  function sampleValue(field) {
    var options = (field.options || []).filter(function (o) {
      return !o.retired;
    });
    if (field.type === 'select') return options.length ? options[0].label : 'One of the choices';
    if (field.type === 'multiselect') {
      return options.length
        ? options
            .slice(0, 2)
            .map(function (o) {
              return o.label;
            })
            .join(', ')
        : 'Some of the choices';
    }
    return SAMPLES[field.type] || 'A value';
  }

  function previewValue(field) {
    var text = sampleValue(field);
    if (field.type === 'user' || field.type === 'multiuser') {
      return h('span', { class: 'pe-preview-user' }, [h('span', { class: 'pe-preview-mini-avatar', 'aria-hidden': 'true' }), h('span', { class: 'pe-placeholder', text: text })]);
    }
    if (field.type === 'email' || field.type === 'url') return h('span', { class: 'pe-placeholder pe-placeholder-link', text: text });
    return h('span', { class: 'pe-placeholder', text: text });
  }

  function renderPreview() {
    var body = els.preview;
    body.textContent = '';
    if (!state.categories.length) {
      body.appendChild(h('p', { class: 'pe-muted', text: 'An empty profile: add a category and some fields.' }));
      return;
    }
    var hidden = 0;
    state.categories.forEach(function (category) {
      var fields = fieldsOf(category.id);
      var shown = fields.filter(function (f) {
        return f.shownInProfile;
      });
      hidden += fields.length - shown.length;
      var groups = groupNames(category);
      var section = h('section', { class: 'pe-preview-category', 'data-testid': 'preview-category', 'data-preview-category-id': category.id }, [
        h('h3', { class: 'pe-preview-category-name' }, [
          h('span', { 'data-testid': 'preview-category-name', text: category.name }),
          groups.length
            ? h('span', { class: 'aui-lozenge aui-lozenge-subtle aui-lozenge-moved', 'data-testid': 'preview-restricted', title: 'Only members of ' + groups.join(', ') + ' see this category' }, [icon('lock-filled'), ' Restricted'])
            : null,
        ]),
      ]);
      if (!shown.length) {
        section.appendChild(h('p', { class: 'pe-muted pe-preview-empty', text: 'No visible fields: profiles leave this category out.' }));
      } else {
        var list = h('dl', { class: 'pe-preview-fields' });
        shown.forEach(function (field) {
          var help = helpOf(field, 'preview-help');
          list.appendChild(
            h('div', { class: 'pe-preview-field', 'data-testid': 'preview-field', 'data-preview-field-key': field.key }, [
              h('dt', {}, [h('span', { 'data-testid': 'preview-field-label', text: field.label }), help.icon]),
              h('dd', {}, [previewValue(field)]),
              help.panel,
            ]),
          );
        });
        section.appendChild(list);
      }
      body.appendChild(section);
    });
    if (hidden) {
      body.appendChild(h('p', { class: 'pe-muted pe-preview-hidden', 'data-testid': 'preview-hidden-count', text: hidden === 1 ? '1 hidden field is not shown.' : hidden + ' hidden fields are not shown.' }));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Categories: add, rename, move, delete, visibility
  // ---------------------------------------------------------------------------------------------

  function setupAddCategoryForm() {
    var form = els.addCategory;
    form.hidden = false;
    var input = form.querySelector('input[name="name"]');
    var submit = form.querySelector('button[type="submit"]');
    input.addEventListener('input', function () {
      clearFormErrors(form);
    });
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var name = input.value.trim();
      clearFormErrors(form);
      if (!name) {
        addError(form.querySelector('[data-error-for="name"]'), 'Give the category a name.');
        input.focus();
        Rollcall.resize();
        return;
      }
      setBusy(submit, true);
      Rollcall.api('POST', '/rest/v1/categories', { name: name })
        .then(function (category) {
          category.fieldCount = 0;
          state.categories.push(category);
          normalise();
          input.value = '';
          ui.highlight = 'category:' + category.id;
          announce('Category ' + category.name + ' added.');
          render();
          input.focus();
        })
        .catch(function (error) {
          showFormErrors(form, error);
        })
        .then(function () {
          setBusy(submit, false);
        });
    });
  }

  function startRename(category) {
    var id = category.id;
    var inputId = nextId('rename');
    var input = h('input', { class: 'text', type: 'text', id: inputId, name: 'name', value: category.name, maxlength: '100', autocomplete: 'off', 'data-testid': 'category-name-input' });
    var save = h('button', { class: 'aui-button aui-button-primary aui-button-compact', type: 'submit', text: 'Save' });
    var form = h('form', { class: 'aui pe-rename', novalidate: true, 'data-testid': 'category-rename-form' }, [
      h('label', { class: 'assistive', for: inputId, text: 'Category name' }),
      h('span', { class: 'pe-rename-row' }, [
        input,
        save,
        h('button', {
          class: 'aui-button aui-button-link aui-button-compact',
          type: 'button',
          text: 'Cancel',
          on: {
            click: function () {
              closeRename(id);
            },
          },
        }),
      ]),
      h('div', { class: 'error', 'data-error-for': 'name', role: 'alert' }),
      h('div', { class: 'error', 'data-error-for': '_form', role: 'alert' }),
    ]);
    input.addEventListener('keydown', function (event) {
      if (event.key === 'Escape') closeRename(id);
    });
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var name = input.value.trim();
      clearFormErrors(form);
      if (!name) {
        addError(form.querySelector('[data-error-for="name"]'), 'Give the category a name.');
        Rollcall.resize();
        return;
      }
      var current = categoryById(id);
      if (current && name === current.name) {
        closeRename(id);
        return;
      }
      setBusy(save, true);
      Rollcall.api('PATCH', '/rest/v1/categories/' + encodeURIComponent(id), { name: name })
        .then(function (updated) {
          mergeCategory(updated);
          delete ui.renaming[id];
          ui.focus = '[data-category-id="' + cssEscape(id) + '"] [data-testid="category-rename"]';
          announce('Category renamed to ' + name + '.');
          render();
        })
        .catch(function (error) {
          setBusy(save, false);
          showFormErrors(form, error);
        });
    });
    ui.renaming[id] = form;
    delete ui.categoryErrors[id];
    render();
    input.focus();
    input.select();
  }

  function closeRename(id) {
    delete ui.renaming[id];
    ui.focus = '[data-category-id="' + cssEscape(id) + '"] [data-testid="category-rename"]';
    render();
  }

  /** Takes the server's category, keeping the local order and field count. */
  function mergeCategory(updated) {
    var current = categoryById(updated.id);
    if (!current) return;
    current.name = updated.name;
    current.restrictedToGroups = updated.restrictedToGroups || [];
  }

  function moveCategory(id, index, focusTestId) {
    var from = state.categories.indexOf(categoryById(id));
    if (from < 0 || index < 0 || index >= state.categories.length || index === from) return;
    var saved = snapshot();
    var category = state.categories.splice(from, 1)[0];
    state.categories.splice(index, 0, category);
    normalise();
    delete ui.categoryErrors[id];
    ui.pending['category:' + id] = true;
    if (focusTestId) ui.focus = '[data-category-id="' + cssEscape(id) + '"] [data-testid="' + focusTestId + '"]:not([disabled])';
    render();
    Rollcall.api('PATCH', '/rest/v1/categories/' + encodeURIComponent(id), { position: index })
      .then(function (updated) {
        mergeCategory(updated);
        delete ui.pending['category:' + id];
        announce(category.name + ' moved to position ' + (index + 1) + ' of ' + state.categories.length + '.');
        render();
      })
      .catch(function (error) {
        restore(saved);
        delete ui.pending['category:' + id];
        ui.categoryErrors[id] = 'Could not move the category: ' + messageOf(error);
        render();
      });
  }

  function deleteCategory(category, button) {
    var id = category.id;
    setBusy(button, true);
    Rollcall.api('DELETE', '/rest/v1/categories/' + encodeURIComponent(id))
      .then(function () {
        state.categories = state.categories.filter(function (c) {
          return c.id !== id;
        });
        ui.confirm = null;
        delete ui.groupEditors[id];
        delete ui.renaming[id];
        if (ui.fieldForm && ui.fieldForm.categoryId === id) ui.fieldForm = null;
        normalise();
        announce('Category ' + category.name + ' deleted.');
        render();
      })
      .catch(function (error) {
        ui.confirm = null;
        ui.categoryErrors[id] = messageOf(error);
        render();
      });
  }

  // --- Visibility: the groups that may see a category ------------------------------------------

  function toggleGroupEditor(category) {
    var id = category.id;
    if (ui.groupEditors[id]) {
      delete ui.groupEditors[id];
      ui.focus = '[data-category-id="' + cssEscape(id) + '"] [data-testid="category-groups-toggle"]';
      render();
      return;
    }
    ui.groupEditors[id] = groupEditor(id);
    render();
    ui.groupEditors[id].input.focus();
  }

  function groupEditor(categoryId) {
    var inputId = nextId('group-search');
    var listId = nextId('group-suggestions');
    var status = h('p', { class: 'pe-groups-status', 'data-testid': 'group-editor-status' });
    var chips = h('ul', { class: 'pe-chips', 'data-testid': 'group-chips', 'aria-label': 'Groups that see this category' });
    var error = h('div', { class: 'error', role: 'alert', 'data-error-for': 'restrictedToGroups' });
    var input = h('input', {
      class: 'text medium-long-field',
      type: 'text',
      id: inputId,
      autocomplete: 'off',
      placeholder: 'Search for a group',
      role: 'combobox',
      'aria-autocomplete': 'list',
      'aria-expanded': 'false',
      'aria-controls': listId,
      'data-testid': 'group-search',
    });
    var suggestions = h('ul', { class: 'pe-suggestions', id: listId, role: 'listbox', 'data-testid': 'group-suggestions', hidden: true });
    var node = h('form', { class: 'aui top-label pe-groups', novalidate: true, 'data-testid': 'group-editor', on: { submit: function (event) { event.preventDefault(); } } }, [
      status,
      chips,
      h('div', { class: 'field-group pe-group-search' }, [h('label', { for: inputId, text: 'Add a group' }), h('div', { class: 'pe-combobox' }, [input, suggestions])]),
      error,
      h('div', { class: 'pe-groups-footer' }, [
        h('button', {
          class: 'aui-button aui-button-compact',
          type: 'button',
          text: 'Done',
          'data-testid': 'group-editor-done',
          on: {
            click: function () {
              var category = categoryById(categoryId);
              if (category) toggleGroupEditor(category);
            },
          },
        }),
      ]),
    ]);

    var results = [];
    var active = -1;
    var timer = null;
    var sequence = 0;

    function current() {
      var category = categoryById(categoryId);
      return (category && category.restrictedToGroups) || [];
    }

    function refresh() {
      var groups = current();
      status.textContent = groups.length
        ? 'Only members of these groups see this category. Remove them all to show it to everyone.'
        : 'Everyone can see this category. Add groups to show it only to their members.';
      chips.textContent = '';
      groups.forEach(function (group) {
        chips.appendChild(
          h('li', {}, [
            h('span', { class: 'aui-label aui-label-closeable pe-chip', 'data-testid': 'group-chip' }, [
              group.name,
              h('button', {
                class: 'aui-icon aui-icon-close pe-chip-remove',
                type: 'button',
                title: 'Remove ' + group.name,
                'aria-label': 'Remove ' + group.name,
                'data-testid': 'group-chip-remove',
                on: {
                  click: function () {
                    save(
                      current().filter(function (g) {
                        return g.id !== group.id;
                      }),
                      'Removed ' + group.name + '.',
                    );
                  },
                },
              }),
            ]),
          ]),
        );
      });
    }

    function save(groups, message) {
      error.textContent = '';
      node.classList.add('pe-pending');
      input.disabled = true;
      Rollcall.api('PATCH', '/rest/v1/categories/' + encodeURIComponent(categoryId), { restrictedToGroups: groups })
        .then(function (updated) {
          mergeCategory(updated);
          announce(message);
          render();
        })
        .catch(function (err) {
          error.textContent = messageOf(err);
          Rollcall.resize();
        })
        .then(function () {
          node.classList.remove('pe-pending');
          input.disabled = false;
          input.focus();
        });
    }

    function closeList() {
      suggestions.hidden = true;
      suggestions.textContent = '';
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      results = [];
      active = -1;
      Rollcall.resize();
    }

    function showItems(items, note) {
      suggestions.textContent = '';
      items.forEach(function (group, i) {
        suggestions.appendChild(
          h('li', {
            id: listId + '-' + i,
            role: 'option',
            class: 'pe-suggestion' + (i === active ? ' pe-active' : ''),
            'aria-selected': i === active ? 'true' : 'false',
            'data-testid': 'group-suggestion',
            text: group.name,
            on: {
              mousedown: function (event) {
                event.preventDefault(); // keep the focus in the input
                choose(group);
              },
            },
          }),
        );
      });
      if (note) suggestions.appendChild(h('li', { class: 'pe-suggestion-note', role: 'presentation', text: note }));
      suggestions.hidden = false;
      input.setAttribute('aria-expanded', 'true');
      if (active >= 0) input.setAttribute('aria-activedescendant', listId + '-' + active);
      else input.removeAttribute('aria-activedescendant');
      Rollcall.resize();
    }

    function choose(group) {
      input.value = '';
      closeList();
      if (
        current().some(function (g) {
          return g.id === group.id;
        })
      )
        return;
      save(current().concat([{ id: group.id, name: group.name }]), 'Added ' + group.name + '.');
    }

    function search() {
      var query = input.value.trim();
      if (!query) {
        closeList();
        return;
      }
      var mine = ++sequence;
      showItems([], 'Searching…');
      Rollcall.api('GET', '/rest/v1/groups?query=' + encodeURIComponent(query))
        .then(function (data) {
          if (mine !== sequence) return;
          var chosen = {};
          current().forEach(function (g) {
            chosen[g.id] = true;
          });
          results = ((data && data.groups) || [])
            .filter(function (g) {
              return !chosen[g.id];
            })
            .slice(0, 10);
          active = results.length ? 0 : -1;
          showItems(results, results.length ? null : 'No groups match “' + query + '”.');
        })
        .catch(function (err) {
          if (mine !== sequence) return;
          results = [];
          showItems([], 'Could not search groups: ' + messageOf(err));
        });
    }

    input.addEventListener('input', function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(search, 200);
    });
    input.addEventListener('keydown', function (event) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        if (!results.length) return;
        event.preventDefault();
        active = (active + (event.key === 'ArrowDown' ? 1 : -1) + results.length) % results.length;
        showItems(results, null);
      } else if (event.key === 'Enter') {
        event.preventDefault();
        if (active >= 0 && results[active]) choose(results[active]);
      } else if (event.key === 'Escape') {
        if (!suggestions.hidden) {
          event.preventDefault();
          closeList();
        }
      }
    });
    input.addEventListener('blur', function () {
      window.setTimeout(closeList, 150);
    });

    return { node: node, input: input, refresh: refresh };
  }

  // ---------------------------------------------------------------------------------------------
  // Fields: move, delete
  // ---------------------------------------------------------------------------------------------

  /** Moves a field one step; past the end of its category it goes to the next category's start. */
  function stepField(key, direction) {
    var field = fieldByKey(key);
    if (!field) return;
    var siblings = fieldsOf(field.categoryId);
    var index = siblings.indexOf(field);
    var categoryIndex = state.categories.indexOf(categoryById(field.categoryId));
    var testId = direction < 0 ? 'field-move-up' : 'field-move-down';
    if (direction < 0 && index > 0) return moveField(key, field.categoryId, index - 1, testId);
    if (direction > 0 && index < siblings.length - 1) return moveField(key, field.categoryId, index + 1, testId);
    var neighbour = state.categories[categoryIndex + direction];
    if (!neighbour) return;
    moveField(key, neighbour.id, direction < 0 ? fieldsOf(neighbour.id).length : 0, testId);
  }

  /** Optimistic move, then PATCH {categoryId, position}; a refusal puts everything back. */
  function moveField(key, categoryId, index, focusTestId) {
    var field = fieldByKey(key);
    if (!field) return;
    var from = fieldsOf(field.categoryId).indexOf(field);
    if (field.categoryId === categoryId && from === index) return;
    var saved = snapshot();
    var fromCategory = field.categoryId;
    field.categoryId = categoryId;
    placeField(field, index);
    delete ui.fieldErrors[key];
    ui.pending['field:' + key] = true;
    if (focusTestId) ui.focus = '[data-field-key="' + cssEscape(key) + '"] [data-testid="' + focusTestId + '"]:not([disabled])';
    render();
    var body = { position: field.position };
    if (categoryId !== fromCategory) body.categoryId = categoryId;
    Rollcall.api('PATCH', '/rest/v1/fields/' + encodeURIComponent(key), body)
      .then(function (updated) {
        delete ui.pending['field:' + key];
        mergeField(updated);
        var category = categoryById(categoryId);
        announce(field.label + ' moved to position ' + (field.position + 1) + ' in ' + (category ? category.name : 'its category') + '.');
        render();
      })
      .catch(function (error) {
        restore(saved);
        delete ui.pending['field:' + key];
        ui.fieldErrors[key] = 'Could not move the field: ' + messageOf(error);
        render();
      });
  }

  /** Takes the server's field, keeping the local order (positions are renumbered locally). */
  function mergeField(updated) {
    var current = fieldByKey(updated.key);
    if (!current) return;
    Object.keys(updated).forEach(function (k) {
      if (k !== 'position' && k !== 'categoryId') current[k] = updated[k];
    });
  }

  function deleteField(field, button) {
    var key = field.key;
    setBusy(button, true);
    Rollcall.api('DELETE', '/rest/v1/fields/' + encodeURIComponent(key))
      .then(function () {
        state.fields = state.fields.filter(function (f) {
          return f.key !== key;
        });
        ui.confirm = null;
        if (ui.fieldForm && ui.fieldForm.key === key) ui.fieldForm = null;
        normalise();
        announce('Field ' + field.label + ' deleted.');
        ui.focus = '[data-category-id="' + cssEscape(field.categoryId) + '"] [data-testid="add-field"]';
        render();
      })
      .catch(function (error) {
        ui.confirm = null;
        ui.fieldErrors[key] = messageOf(error);
        render();
      });
  }

  // ---------------------------------------------------------------------------------------------
  // The field form (add and edit)
  // ---------------------------------------------------------------------------------------------

  function openFieldForm(mode, field, categoryId) {
    ui.fieldForm = { mode: mode, key: field ? field.key : null, categoryId: categoryId, node: fieldForm(mode, field, categoryId) };
    ui.confirm = null;
    render();
    var label = ui.fieldForm.node.querySelector('input[name="label"]');
    label.focus();
    if (mode === 'edit') label.select();
  }

  function closeFieldForm() {
    var form = ui.fieldForm;
    ui.fieldForm = null;
    if (form) {
      ui.focus =
        form.mode === 'edit'
          ? '[data-field-key="' + cssEscape(form.key) + '"] [data-testid="field-edit"]'
          : '[data-category-id="' + cssEscape(form.categoryId) + '"] [data-testid="add-field"]';
    }
    render();
  }

  function fieldGroup(labelText, input, extra, errorName, required) {
    return h('div', { class: 'field-group' }, [
      h('label', { for: input.id }, [labelText, required ? h('span', { class: 'aui-icon icon-required', text: 'required' }) : null]),
      input,
      extra || null,
      h('div', { class: 'error', 'data-error-for': errorName, role: 'alert' }),
    ]);
  }

  function checkboxGroup(name, labelText, description, checked) {
    var id = nextId(name);
    var input = h('input', { class: 'checkbox', type: 'checkbox', id: id, name: name, checked: checked, 'data-testid': 'field-form-' + name });
    return {
      input: input,
      node: h('div', { class: 'checkbox pe-checkbox', 'data-checkbox': name }, [
        input,
        formGlyph(),
        h('label', { for: id, text: labelText }),
        description ? h('div', { class: 'description', text: description }) : null,
        h('div', { class: 'error', 'data-error-for': name, role: 'alert' }),
      ]),
    };
  }

  function fieldForm(mode, field, categoryId) {
    var editing = mode === 'edit';
    var labelInput = h('input', { class: 'text long-field', type: 'text', id: nextId('label'), name: 'label', maxlength: '100', autocomplete: 'off', value: field ? field.label : '', required: true, 'data-testid': 'field-form-label' });

    var allowed = editing ? [field.type].concat(typeInfo(field.type).convertsTo || []) : state.types.map(function (t) {
      return t.type;
    });
    var typeSelect = h(
      'select',
      { class: 'select', id: nextId('type'), name: 'type', 'data-testid': 'field-form-type', disabled: editing && allowed.length < 2 },
      allowed.map(function (type) {
        return h('option', { value: type, text: typeInfo(type).label || TYPE_LABELS[type] || type, selected: field ? field.type === type : type === 'text' });
      }),
    );
    var typeNote = editing
      ? h('div', { class: 'description', text: allowed.length < 2 ? 'Existing values cannot be converted to another type.' : 'Only types that existing values convert to are offered.' })
      : null;

    var categorySelect = h(
      'select',
      { class: 'select', id: nextId('category'), name: 'categoryId', 'data-testid': 'field-form-category' },
      state.categories.map(function (c) {
        return h('option', { value: c.id, text: c.name, selected: c.id === (field ? field.categoryId : categoryId) });
      }),
    );

    var help = h('textarea', { class: 'textarea long-field pe-help-input', id: nextId('help'), name: 'helpText', rows: '3', maxlength: String(HELP_MAX), 'data-testid': 'field-form-help' });
    help.value = field ? field.helpText || '' : '';
    var counter = h('span', { class: 'pe-counter', 'data-testid': 'help-count' });
    function count() {
      counter.textContent = help.value.length.toLocaleString('en') + ' / ' + HELP_MAX.toLocaleString('en');
    }
    count();
    help.addEventListener('input', count);
    var helpNote = h('div', { class: 'description pe-help-note' }, [
      h('span', { text: 'Plain text. Short help is a tooltip next to the field; longer help (over 200 characters, or several lines) opens in a panel when the question mark is clicked. ' }),
      counter,
    ]);

    var required = checkboxGroup('required', 'Required', 'People must fill it in.', field ? field.required : false);
    var shown = checkboxGroup('shownInProfile', 'Shown in profile', 'Untick to keep the field out of profiles (it can still be synchronised and searched).', field ? field.shownInProfile : true);
    var superior = editing ? checkboxGroup('orgChartSuperior', 'Org chart superior', 'This field names the person’s superior: the org chart is drawn from it. One field at most.', field.orgChartSuperior) : null;

    var options = optionsEditor(field ? field.options || [] : []);

    var formError = h('div', { class: 'error pe-form-error', 'data-error-for': '_form', role: 'alert' });
    var submit = h('button', { class: 'aui-button aui-button-primary', type: 'submit', 'data-testid': 'field-form-submit', text: editing ? 'Save' : 'Add field' });
    var categoryName = (categoryById(categoryId) || {}).name || '';
    var form = h('form', { class: 'aui top-label pe-field-form', novalidate: true, 'data-testid': 'field-form', 'data-mode': mode }, [
      h('h4', { class: 'pe-form-title', text: editing ? 'Edit “' + field.label + '”' : 'Add a field to ' + categoryName }),
      editing && field.builtin ? h('p', { class: 'pe-muted', text: 'A default field: you can rename and move it, but not delete it.' }) : null,
      formError,
      h('div', { class: 'pe-form-columns' }, [
        h('div', { class: 'pe-form-column' }, [
          fieldGroup('Label', labelInput, null, 'label', true),
          fieldGroup('Type', typeSelect, typeNote, 'type'),
          fieldGroup('Category', categorySelect, null, 'categoryId'),
        ]),
        h('div', { class: 'pe-form-column' }, [
          fieldGroup('Help text', help, helpNote, 'helpText'),
          h('fieldset', { class: 'group pe-flags' }, [h('legend', {}, [h('span', { text: 'Settings' })]), required.node, shown.node, superior ? superior.node : null]),
        ]),
      ]),
      options.node,
      h('div', { class: 'buttons-container' }, [
        h('div', { class: 'buttons' }, [
          submit,
          h('button', {
            class: 'aui-button aui-button-link',
            type: 'button',
            text: 'Cancel',
            'data-testid': 'field-form-cancel',
            on: { click: closeFieldForm },
          }),
        ]),
      ]),
    ]);

    function syncType() {
      var info = typeInfo(typeSelect.value);
      options.node.hidden = !info.hasOptions;
      if (superior) superior.node.hidden = typeSelect.value !== 'user';
      Rollcall.resize();
    }
    syncType();
    typeSelect.addEventListener('change', syncType);
    form.addEventListener('keydown', function (event) {
      if (event.key === 'Escape' && !event.defaultPrevented) closeFieldForm();
    });

    form.addEventListener('submit', function (event) {
      event.preventDefault();
      clearFormErrors(form);
      var label = labelInput.value.trim();
      if (!label) {
        addError(form.querySelector('[data-error-for="label"]'), 'Give the field a label.');
        labelInput.focus();
        Rollcall.resize();
        return;
      }
      var type = typeSelect.value;
      var info = typeInfo(type);
      var body = { label: label, helpText: help.value, required: required.input.checked, shownInProfile: shown.input.checked };
      if (!editing || type !== field.type) body.type = type;
      if (!editing || categorySelect.value !== field.categoryId) body.categoryId = categorySelect.value;
      if (info.hasOptions) {
        var list = options.collect();
        if (list.problem) {
          addError(form.querySelector('[data-error-for="options"]'), list.problem);
          Rollcall.resize();
          return;
        }
        body.options = editing
          ? list.options
          : list.options.map(function (o) {
              return { label: o.label };
            });
      }
      if (superior && type === 'user' && superior.input.checked !== !!field.orgChartSuperior) body.orgChartSuperior = superior.input.checked;

      setBusy(submit, true, editing ? 'Saving…' : 'Adding…');
      var request = editing ? Rollcall.api('PATCH', '/rest/v1/fields/' + encodeURIComponent(field.key), body) : Rollcall.api('POST', '/rest/v1/fields', body);
      request
        .then(function (saved) {
          if (editing) {
            var current = fieldByKey(field.key);
            var moved = current && current.categoryId !== saved.categoryId;
            mergeField(saved);
            if (current && moved) {
              current.categoryId = saved.categoryId;
              placeField(current, Infinity);
            }
          } else {
            state.fields.push(saved);
            normalise();
          }
          ui.fieldForm = null;
          delete ui.fieldErrors[saved.key];
          ui.highlight = 'field:' + saved.key;
          ui.focus = editing
            ? '[data-field-key="' + cssEscape(saved.key) + '"] [data-testid="field-edit"]'
            : '[data-category-id="' + cssEscape(saved.categoryId) + '"] [data-testid="add-field"]';
          announce(editing ? 'Field ' + saved.label + ' saved.' : 'Field ' + saved.label + ' added.');
          render();
        })
        .catch(function (error) {
          setBusy(submit, false);
          showFormErrors(form, error);
        });
    });

    return form;
  }

  /**
   * Choices of a select field. Existing choices can be renamed, reordered, retired or removed
   * (a removal shows as struck through until saved, and can be undone); new ones added.
   */
  function optionsEditor(initial) {
    var items = initial.map(function (o) {
      return { id: o.id, label: o.label, retired: !!o.retired, removed: false };
    });
    var list = h('ol', { class: 'pe-option-list', 'data-testid': 'option-list' });
    var newInputId = nextId('new-option');
    var newInput = h('input', { class: 'text', type: 'text', id: newInputId, placeholder: 'New choice', maxlength: '100', autocomplete: 'off', 'data-testid': 'option-new' });
    var error = h('div', { class: 'error', 'data-error-for': 'options', role: 'alert' });

    function add() {
      var label = newInput.value.trim();
      if (!label) {
        newInput.focus();
        return;
      }
      items.push({ label: label, retired: false, removed: false });
      newInput.value = '';
      draw();
      newInput.focus();
    }

    function move(i, step) {
      var j = i + step;
      if (j < 0 || j >= items.length) return;
      var item = items.splice(i, 1)[0];
      items.splice(j, 0, item);
      draw();
      var button = list.children[j] && list.children[j].querySelector(step < 0 ? '[data-testid="option-up"]' : '[data-testid="option-down"]');
      if (button && !button.disabled) button.focus();
    }

    function draw() {
      list.textContent = '';
      var sent = 0;
      items.forEach(function (item, i) {
        var inputId = nextId('option');
        var input = h('input', {
          class: 'text',
          type: 'text',
          id: inputId,
          value: item.label,
          maxlength: '100',
          'aria-label': 'Choice ' + (i + 1),
          disabled: item.removed,
          'data-testid': 'option-label',
        });
        input.addEventListener('input', function () {
          item.label = input.value;
        });
        var retiredId = nextId('retired');
        var row = h('li', { class: 'pe-option' + (item.removed ? ' pe-option-removed' : '') + (item.retired ? ' pe-option-retired' : ''), 'data-testid': 'option-row' }, [
          h('span', { class: 'pe-option-main' }, [
            input,
            item.id && !item.removed
              ? h('span', { class: 'checkbox pe-option-retire' }, [
                  h('input', {
                    type: 'checkbox',
                    class: 'checkbox',
                    id: retiredId,
                    checked: item.retired,
                    'data-testid': 'option-retired',
                    on: {
                      change: function (event) {
                        item.retired = event.target.checked;
                        row.classList.toggle('pe-option-retired', item.retired);
                      },
                    },
                  }),
                  formGlyph(),
                  h('label', { for: retiredId, text: 'Retired', title: 'No longer offered; profiles that use it keep it' }),
                ])
              : null,
            item.removed ? h('span', { class: 'pe-muted', text: 'Removed when you save.' }) : null,
            item.removed
              ? h('button', {
                  class: 'aui-button aui-button-link aui-button-compact',
                  type: 'button',
                  text: 'Undo',
                  'data-testid': 'option-undo',
                  on: {
                    click: function () {
                      item.removed = false;
                      draw();
                    },
                  },
                })
              : null,
            item.removed
              ? null
              : iconButton('arrow-up', 'Move choice ' + (i + 1) + ' up', { disabled: i === 0, 'data-testid': 'option-up' }, function () {
                  move(i, -1);
                }),
            item.removed
              ? null
              : iconButton('arrow-down', 'Move choice ' + (i + 1) + ' down', { disabled: i === items.length - 1, 'data-testid': 'option-down' }, function () {
                  move(i, 1);
                }),
            item.removed
              ? null
              : iconButton('cross', 'Remove choice ' + (i + 1), { 'data-testid': 'option-remove' }, function () {
                  if (item.id) item.removed = true;
                  else items.splice(i, 1);
                  draw();
                }),
          ]),
          // Errors come back as options.N… where N counts the choices sent (removed ones are not).
          h('div', { class: 'error', role: 'alert', 'data-option-error': item.removed ? null : String(sent) }),
        ]);
        if (!item.removed) sent += 1;
        list.appendChild(row);
      });
      if (!items.length) list.appendChild(h('li', { class: 'pe-muted pe-option-empty', text: 'No choices yet.' }));
      Rollcall.resize();
    }

    newInput.addEventListener('keydown', function (event) {
      if (event.key === 'Enter') {
        event.preventDefault();
        add();
      }
    });

    draw();
    var headingId = nextId('choices');
    var node = h('div', { class: 'pe-options', role: 'group', 'aria-labelledby': headingId, 'data-testid': 'options-editor' }, [
      h('h5', { class: 'pe-options-title', id: headingId, text: 'Choices' }),
      h('p', { class: 'description', text: 'People pick from these. Retire a choice to stop offering it while keeping it on profiles that already have it.' }),
      list,
      h('div', { class: 'pe-option-add' }, [
        h('label', { class: 'assistive', for: newInputId, text: 'New choice' }),
        newInput,
        h('button', { class: 'aui-button aui-button-compact', type: 'button', 'data-testid': 'option-add', on: { click: add } }, [icon('add'), ' Add choice']),
      ]),
      error,
    ]);

    return {
      node: node,
      collect: function () {
        var kept = items.filter(function (o) {
          return !o.removed;
        });
        var empty = kept.some(function (o) {
          return !o.label.trim();
        });
        if (empty) return { problem: 'Every choice needs a label (or remove it).', options: [] };
        return {
          options: kept.map(function (o) {
            var out = { label: o.label.trim() };
            if (o.id) {
              out.id = o.id;
              out.retired = o.retired;
            }
            return out;
          }),
        };
      },
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Drag and drop (HTML5): fields within and between categories, categories among themselves
  // ---------------------------------------------------------------------------------------------

  function clearDropMarks() {
    els.list.querySelectorAll('.pe-drop-before, .pe-drop-after, .pe-drop-inside').forEach(function (el) {
      el.classList.remove('pe-drop-before', 'pe-drop-after', 'pe-drop-inside');
    });
  }

  function isBefore(event, el) {
    var rect = el.getBoundingClientRect();
    return event.clientY < rect.top + rect.height / 2;
  }

  /** Where a dragged field would land: {categoryId, index, mark: [element, class]} or null. */
  function fieldDropTarget(event) {
    var categoryEl = event.target.closest && event.target.closest('.pe-category');
    if (!categoryEl) return null;
    var categoryId = categoryEl.getAttribute('data-category-id');
    var rows = Array.prototype.slice.call(categoryEl.querySelectorAll('.pe-field[data-field-key]')).filter(function (r) {
      return r.getAttribute('data-field-key') !== drag.key;
    });
    var row = event.target.closest('.pe-field[data-field-key]');
    if (row && row.getAttribute('data-field-key') === drag.key) return { none: true };
    if (row) {
      var before = isBefore(event, row);
      return { categoryId: categoryId, index: rows.indexOf(row) + (before ? 0 : 1), mark: [row, before ? 'pe-drop-before' : 'pe-drop-after'] };
    }
    if (event.target.closest('.pe-category-header')) {
      return { categoryId: categoryId, index: 0, mark: rows.length ? [rows[0], 'pe-drop-before'] : [categoryEl.querySelector('.pe-fields'), 'pe-drop-inside'] };
    }
    return {
      categoryId: categoryId,
      index: rows.length,
      mark: rows.length ? [rows[rows.length - 1], 'pe-drop-after'] : [categoryEl.querySelector('.pe-fields'), 'pe-drop-inside'],
    };
  }

  function categoryDropTarget(event) {
    var categoryEl = event.target.closest && event.target.closest('.pe-category');
    var all = Array.prototype.slice.call(els.list.querySelectorAll('.pe-category'));
    var others = all.filter(function (el) {
      return el.getAttribute('data-category-id') !== drag.id;
    });
    if (!categoryEl) return null;
    if (categoryEl.getAttribute('data-category-id') === drag.id) return { none: true };
    var before = isBefore(event, categoryEl);
    return { index: others.indexOf(categoryEl) + (before ? 0 : 1), mark: [categoryEl, before ? 'pe-drop-before' : 'pe-drop-after'] };
  }

  function dropTarget(event) {
    if (!drag) return null;
    return drag.kind === 'field' ? fieldDropTarget(event) : categoryDropTarget(event);
  }

  function setupDragAndDrop() {
    var list = els.list;
    list.addEventListener('dragstart', function (event) {
      var target = event.target;
      if (!(target instanceof Element)) return;
      var row = target.closest('.pe-field[draggable="true"]');
      var header = !row && target.closest('.pe-category-header[draggable="true"]');
      if (row) {
        drag = { kind: 'field', key: row.getAttribute('data-field-key'), el: row };
      } else if (header) {
        var section = header.closest('.pe-category');
        drag = { kind: 'category', id: section.getAttribute('data-category-id'), el: section };
      } else {
        return;
      }
      event.dataTransfer.effectAllowed = 'move';
      event.dataTransfer.setData('text/plain', drag.kind === 'field' ? drag.key : drag.id);
      if (drag.kind === 'category') event.dataTransfer.setDragImage(header, 20, 20);
      var el = drag.el;
      // After the browser took its drag image, dim the original.
      window.setTimeout(function () {
        el.classList.add('pe-dragging');
      }, 0);
      list.classList.add('pe-drag-active');
    });
    list.addEventListener('dragover', function (event) {
      var target = dropTarget(event);
      if (!target) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'move';
      clearDropMarks();
      if (target.mark && target.mark[0]) target.mark[0].classList.add(target.mark[1]);
    });
    list.addEventListener('dragleave', function (event) {
      if (!list.contains(event.relatedTarget)) clearDropMarks();
    });
    list.addEventListener('drop', function (event) {
      var target = dropTarget(event);
      if (!target) return;
      event.preventDefault();
      var current = drag;
      endDrag();
      if (target.none) return;
      if (current.kind === 'field') moveField(current.key, target.categoryId, target.index);
      else moveCategory(current.id, target.index);
    });
    list.addEventListener('dragend', endDrag);
  }

  function endDrag() {
    if (drag && drag.el) drag.el.classList.remove('pe-dragging');
    drag = null;
    clearDropMarks();
    els.list.classList.remove('pe-drag-active');
  }

  // ---------------------------------------------------------------------------------------------
  // Loading
  // ---------------------------------------------------------------------------------------------

  function cssEscape(value) {
    return window.CSS && CSS.escape ? CSS.escape(value) : String(value).replace(/["\\]/g, '\\$&');
  }

  function showPageError(message, retry) {
    Rollcall.dom.showLoadError(els.message, 'The profile fields could not be loaded', message, retry ? load : null);
  }

  function byPosition(a, b) {
    return a.position - b.position;
  }

  /**
   * Until the first Profile Migration ran, recommend it at the top of the page, with a way there.
   * Asked once the editor's data is in; when the call fails (403 etc.) nothing is shown.
   */
  var migrationHintChecked = false;
  function showMigrationHint() {
    if (migrationHintChecked) return;
    migrationHintChecked = true;
    Rollcall.api('GET', '/rest/v1/migration')
      .then(function (migration) {
        if (!migration || !migration.showHint) return;
        var open = h('button', {
          class: 'aui-button',
          type: 'button',
          'data-testid': 'open-migration',
          on: {
            click: function () {
              if (window.AP && AP.navigator) AP.navigator.go('addonmodule', { addonKey: 'rollcall', moduleKey: 'profile-migration' });
            },
          },
        }, ['Open Profile Migration']);
        var hint = h('div', { class: 'aui-message aui-message-info pm-editor-hint', role: 'status', 'data-testid': 'migration-hint' }, [
          h('p', {}, [
            h('strong', { text: 'Migrate existing profile data first:' }),
            ' phone, IM, website, position, department and location can come from Confluence or from a CSV file of your Server/Data Center site, so people need not type them again.',
          ]),
          h('p', { class: 'pm-editor-hint-actions' }, [open]),
        ]);
        els.root.insertBefore(hint, els.root.firstChild);
        Rollcall.resize();
      })
      .catch(function () {
        // No hint.
      })
      .then(function () {
        els.root.setAttribute('data-migration-hint-checked', 'true');
      });
  }

  function load() {
    els.list.setAttribute('aria-busy', 'true');
    var types = Rollcall.api('GET', '/rest/v1/field-types').then(
      function (data) {
        return (data && data.types) || [];
      },
      function () {
        // Without the list the page still works: every type can be chosen, none converted.
        return null;
      },
    );
    Promise.all([Rollcall.api('GET', '/rest/v1/categories'), Rollcall.api('GET', '/rest/v1/fields'), types])
      .then(function (results) {
        state.categories = (results[0].categories || []).slice().sort(byPosition);
        var order = {};
        state.categories.forEach(function (c, i) {
          order[c.id] = i;
        });
        state.fields = (results[1].fields || []).slice().sort(function (a, b) {
          return (order[a.categoryId] || 0) - (order[b.categoryId] || 0) || a.position - b.position;
        });
        if (results[2]) {
          state.types = results[2];
        } else {
          state.types = Object.keys(TYPE_LABELS).map(function (type) {
            return typeInfo(type);
          });
          els.message.appendChild(
            h('div', { class: 'aui-message aui-message-warning', 'data-testid': 'types-warning' }, [h('p', { text: 'The list of field types could not be loaded: changing a field’s type is not offered for now.' })]),
          );
        }
        normalise();
        state.loaded = true;
        els.root.setAttribute('data-loaded', 'true');
        setupAddCategoryForm();
        render();
        showMigrationHint();
      })
      .catch(function (error) {
        els.list.textContent = '';
        els.list.removeAttribute('aria-busy');
        showPageError(messageOf(error), true);
      });
  }

  function start() {
    els.root = document.querySelector('[data-page="profile-editor"]');
    if (!els.root || !window.Rollcall) return;
    els.list = els.root.querySelector('[data-testid="category-list"]');
    els.preview = els.root.querySelector('[data-testid="preview-body"]');
    els.message = els.root.querySelector('[data-testid="page-message"]');
    els.addCategory = els.root.querySelector('[data-testid="add-category-form"]');
    els.live = h('div', { class: 'assistive', 'aria-live': 'polite', 'data-testid': 'announcer' });
    els.root.appendChild(els.live);
    setupDragAndDrop();
    if (!window.AP || !AP.context) {
      els.list.textContent = '';
      showPageError('This page works inside Confluence: open it from Confluence’s administration.', false);
      return;
    }
    load();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
