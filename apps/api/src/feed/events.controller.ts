import { Controller, Headers, type MessageEvent, Sse } from '@nestjs/common';
import {
  concat,
  endWith,
  from,
  ignoreElements,
  interval,
  map,
  merge,
  type Observable,
  of,
  takeUntil,
} from 'rxjs';
import { DesignationFeed } from './designation-feed.service.js';

/**
 * Some proxies close an idle stream after 30-60 s; a ping every 20 s keeps the connection open
 * between (rare) designation events.
 */
const PING_MS = 20_000;

/**
 * GET /events/designations: Server-Sent Events. `status` ({"live": bool}) first and on change,
 * then the recent designation events (after `Last-Event-ID` when the browser reconnects), then
 * every new one as `designation` with the event's eventId as the SSE id. With API_KEY set, browsers
 * pass the key as `?key=` (EventSource cannot send headers).
 */
@Controller('v1/events')
export class EventsController {
  constructor(private readonly feed: DesignationFeed) {}

  @Sse('designations')
  designations(@Headers('last-event-id') lastEventId?: string): Observable<MessageEvent> {
    const recent = [...this.feed.recent];
    const seen = lastEventId ? recent.findIndex((e) => e.eventId === lastEventId) : -1;
    const replay = recent
      .slice(seen + 1)
      .map((event): MessageEvent => ({ type: 'designation', id: event.eventId, data: event }));
    const live = this.feed.items.pipe(
      map((item): MessageEvent =>
        item.kind === 'event'
          ? { type: 'designation', id: item.event.eventId, data: item.event }
          : { type: 'status', data: { live: item.live } },
      ),
    );
    const pings = interval(PING_MS).pipe(map((): MessageEvent => ({ type: 'ping', data: {} })));
    // The pings never complete: stop them when the feed ends (api shutdown) so the stream closes.
    const ended = this.feed.items.pipe(ignoreElements(), endWith(true));
    return merge(
      concat(of<MessageEvent>({ type: 'status', data: { live: this.feed.live } }), from(replay)),
      live,
      pings.pipe(takeUntil(ended)),
    );
  }
}
