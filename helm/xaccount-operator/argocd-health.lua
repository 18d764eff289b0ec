-- Argo CD health check for xaccount.io/v1alpha1 AwsAccount, CrossAccountRole and AssumeRoleGrant.
-- Install it for each kind in argocd-cm (see docs/install.md), for example under
--   resource.customizations.health.xaccount.io_CrossAccountRole
--
-- Healthy:     Ready=True and the status describes the current spec (observedGeneration ==
--              metadata.generation). That includes an AssumeRoleGrant waiting for its notBefore
--              (reason Scheduled) and one whose window ran out as planned (reason Expired): both
--              are settled, and the message says so ("Expired: The grant expired at ...").
--              Also a resource in spec.managementPolicy Plan or Observe (reasons Planned, InSync,
--              Drifted): it has done all it will do; the plan or the drift is in its status.
-- Degraded:    Ready=False with a terminal reason: the spec (or something outside the operator)
--              must change; the operator does not retry.
-- Progressing: everything else (no status yet, a new generation not yet observed, Ready=Unknown,
--              or Ready=False with a recoverable reason the operator retries with backoff).
local terminal = {
  InvalidSpec = true,
  Forbidden = true,
  NameConflict = true,
  AccountMismatch = true,
  LimitExceeded = true,
}

local hs = { status = "Progressing", message = "Waiting for the operator to report Ready" }
if obj.status == nil or obj.status.conditions == nil then
  return hs
end

local generation = obj.metadata.generation
local ready = nil
for _, condition in ipairs(obj.status.conditions) do
  if condition.type == "Ready" then
    ready = condition
  end
end
if ready == nil then
  return hs
end

-- The status, and the Ready condition when it says so, must describe the current generation.
local observed = obj.status.observedGeneration
if ready.observedGeneration ~= nil then
  observed = ready.observedGeneration
end
if generation ~= nil and observed ~= generation then
  hs.message = "Waiting for the operator to observe generation " .. tostring(generation)
  return hs
end

local text = (ready.reason or "") .. ": " .. (ready.message or "")
if ready.status == "True" then
  hs.status = "Healthy"
elseif ready.status == "False" and terminal[ready.reason] then
  hs.status = "Degraded"
end
hs.message = text
return hs
