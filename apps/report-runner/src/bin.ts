#!/usr/bin/env node
// Placeholder until the runner lands (issue 7).
console.log("report-runner is not built yet: the monthly job, reconcile and demo commands arrive with the runner issue.")
