/**
 * The designations topic is configurable (TOPIC_DESIGNATIONS), and @EventPattern takes its pattern
 * when the controller class is defined: main.ts sets it from the validated configuration before it
 * imports the module, so the decorator reads the configured name.
 */
let configured: string | undefined;

export function useDesignationsTopic(topic: string): void {
  configured = topic;
}

export function designationsTopic(): string {
  if (configured === undefined) {
    throw new Error('unreachable: the designations controller was loaded before the configuration');
  }
  return configured;
}
