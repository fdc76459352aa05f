import { describePlainNest } from './suites/plain-nest-suite.js';

// Concurrent cells: plain Nest spends most of each scenario waiting (keep-alive timeouts, the test's limit).
describePlainNest('express');
describePlainNest('fastify');
