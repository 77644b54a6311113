import type { DesignationEvent } from '@app/contracts';

const LABEL: Record<DesignationEvent['type'], string> = {
  'designation.granted': 'GRANTED ',
  'designation.renewed': 'RENEWED ',
  'designation.at-risk': 'AT-RISK ',
  'designation.lost': 'LOST    ',
};

/** One human line per designation event, for terminals watching the pipeline. */
export function designationLine(event: DesignationEvent): string {
  const weakest = [...event.data.metrics].sort((a, b) => a.points / a.maxPoints - b.points / b.maxPoints)[0];
  const detail =
    event.type === 'designation.at-risk' || event.type === 'designation.lost'
      ? weakest
        ? `, weakest: ${weakest.id} ${weakest.points}/${weakest.maxPoints}`
        : ''
      : event.data.anniversary
        ? `, anniversary ${event.data.anniversary.slice(0, 10)}`
        : '';
  return `${LABEL[event.type]} ${event.partnerId.padEnd(16)} ${event.designationId.padEnd(30)} score ${event.data.score.toFixed(2).padStart(6)} (${event.data.track}${detail}) at ${event.occurredAt} cause=${event.data.cause.kind}`;
}
