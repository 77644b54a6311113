/** Injection tokens for values that are interfaces or third-party objects. */
export const CONFIG = Symbol('capscore.config');
export const REDIS = Symbol('capscore.redis');
export const KAFKA = Symbol('capscore.kafka');
export const PROGRAM = Symbol('capscore.program');
/** Every configured version of the program (a ProgramSchedule of @app/scoring). */
export const PROGRAM_SCHEDULE = Symbol('capscore.program-schedule');
