# shellcheck shell=bash
# What the azd hooks (infra/hooks/*.sh) share; sourced by them, never run. Before sourcing, a hook sets hook_name (the
# name azd runs it by, e.g. postdeploy), which starts every line the functions print.
: "${hook_name:?set hook_name before sourcing lib.sh}"

# hook_require_az PURPOSE: stops the hook (exit 1) when the Azure CLI is not installed, saying what it is needed for.
hook_require_az() {
  if ! command -v az >/dev/null 2>&1; then
    echo "$hook_name: the Azure CLI (az) is needed to $1; install it, run 'az login', then 'azd hooks run $hook_name'." >&2
    exit 1
  fi
}

# hook_retry ATTEMPTS DELAY WAITING COMMAND...: runs COMMAND until it succeeds, at most ATTEMPTS times, DELAY seconds
# apart, printing WAITING (what it waits for) with the attempt after each failure. Fails when no attempt succeeded.
hook_retry() {
  local attempts="$1" delay="$2" waiting="$3" attempt
  shift 3
  for ((attempt = 1; attempt <= attempts; attempt++)); do
    if "$@"; then
      return 0
    fi
    echo "$hook_name: $waiting; retry $attempt/$attempts in ${delay}s"
    sleep "$delay"
  done
  return 1
}
