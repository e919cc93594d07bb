// Placeholder CLI while the analyzer lands.
process.stdout.write('clerk-route-guard: analyzer not built yet\n');
