// Decides a batch of IAM requests with @cloud-copilot/iam-simulate, the independent evaluator the
// emulator's DifferentialTest compares itself with. One process for the whole batch: loading the
// package's IAM data costs about a second, each request then a few milliseconds.
// Usage: node simulate.js <directory holding node_modules> < cases.json > decisions.json
// Input: the cases DifferentialCase describes; output: [{id, decision | error, ignored}], where
// decision is Allowed, ExplicitlyDenied or ImplicitlyDenied and ignored lists context keys the
// reference dropped as not applying to the action (the generator must never send one).
'use strict';
const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');

const load = createRequire(path.join(path.resolve(process.argv[2]), 'package.json'));
const { runSimulation } = load('@cloud-copilot/iam-simulate');

function simulation(c) {
  return {
    request: {
      principal: c.caller,
      action: c.action,
      resource: { resource: c.resource, accountId: c.resourceAccount },
      contextVariables: c.context,
    },
    identityPolicies: c.identity.map((policy, i) => ({ name: `identity${i}`, policy })),
    permissionBoundaryPolicies: c.boundary ? [{ name: 'boundary', policy: c.boundary }] : undefined,
    sessionPolicy: c.session || undefined,
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: c.resourcePolicy || undefined,
  };
}

async function main() {
  const cases = JSON.parse(fs.readFileSync(0, 'utf8'));
  const out = [];
  for (const c of cases) {
    try {
      const r = await runSimulation(simulation(c), {});
      if (r.resultType === 'error') {
        out.push({ id: c.id, error: JSON.stringify(r.errors) });
      } else {
        const ignored = (r.result && r.result.ignoredContextKeys) || [];
        out.push({ id: c.id, decision: r.overallResult, ignored });
      }
    } catch (e) {
      out.push({ id: c.id, error: String(e && e.stack ? e.stack : e) });
    }
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
