// Placeholder entry so the project builds; the benchmark (issue #6) replaces it.
process.stderr.write('capscore bench: not implemented yet (issue #6)\n');
process.exitCode = 1;
