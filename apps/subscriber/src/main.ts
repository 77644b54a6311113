// Placeholder entry so the project builds; the example subscriber (issue #5) replaces it.
process.stderr.write('capscore subscriber: not implemented yet (issue #5)\n');
process.exitCode = 1;
