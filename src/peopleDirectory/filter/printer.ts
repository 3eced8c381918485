import type { Condition, FilterNode, PatternPart } from './ast';

/**
 * Prints a tree back as a query that parses to the same tree (escaping in one place): the facet
 * links' queries, and the parse → print round trip the tests check.
 */
export function printFilter(node: FilterNode | null): string {
  return node ? print(node, 0) : '';
}

// Binding strength: a child looser than its parent needs parentheses.
const OR = 1;
const AND = 2;
const NOT = 3;

function print(node: FilterNode, parent: number): string {
  switch (node.type) {
    case 'or':
      return wrap(node.items.map((n) => print(n, OR)).join(' OR '), OR, parent);
    case 'and':
      return wrap(node.items.map((n) => print(n, AND)).join(' '), AND, parent);
    case 'not':
      return `-${print(node.item, NOT)}`;
    case 'text':
      return printPattern(node.pattern, { quoted: node.quoted, context: 'text' });
    case 'field':
      return `${printFieldName(node.field.name, node.field.quoted)}:${printCondition(node.condition)}`;
    case 'has':
      return `has:${node.field.quoted ? quote([{ text: node.field.name }]) : printPattern([{ text: node.field.name }], { quoted: false, context: 'value' })}`;
    case 'is':
      return `is:${node.state}`;
  }
}

function wrap(text: string, own: number, parent: number): string {
  return own < parent ? `(${text})` : text;
}

function printFieldName(name: string, quoted: boolean): string {
  return quoted || !/^[A-Za-z0-9_]+$/.test(name) ? quote([{ text: name }]) : name;
}

function printCondition(condition: Condition): string {
  switch (condition.kind) {
    case 'match':
      return printPattern(condition.pattern, { quoted: condition.quoted, context: 'value' });
    case 'compare':
      return `${condition.op}${condition.value}`;
    case 'range':
      return `${condition.from ?? ''}..${condition.to ?? ''}`;
  }
}

/**
 * A pattern as it was written: in quotes (`"R&D (Berlin)"`, escaping `\ " * ?`), or bare with a
 * backslash before every character that would otherwise mean something there.
 */
export function printPattern(pattern: PatternPart[], options: { quoted: boolean; context: 'text' | 'value' }): string {
  if (options.quoted || pattern.length === 0) return quote(pattern);
  let out = pattern.map((p) => ('text' in p ? p.text.replace(/[\\\s()":*?]/g, (c) => `\\${c}`) : p.wildcard)).join('');
  if (options.context === 'value') out = out.replace(/\.(?=\.)/g, '\\.').replace(/^[<>]/, (c) => `\\${c}`);
  else if (/^(-|(AND|OR|NOT)$)/.test(out)) out = `\\${out}`;
  return out;
}

function quote(pattern: PatternPart[]): string {
  return `"${pattern.map((p) => ('text' in p ? p.text.replace(/[\\"*?]/g, (c) => `\\${c}`) : p.wildcard)).join('')}"`;
}
