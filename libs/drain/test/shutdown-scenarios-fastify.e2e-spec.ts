import { describeLibrary } from './suites/library-suite.js';

describeLibrary('fastify');
