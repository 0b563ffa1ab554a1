// The coordinator summary's figures, computed again from a worker's own records by the rules of
// domain.md (Boundary pressure), independently of peerline-core, so the e2e test compares the app's
// screen with an outside opinion instead of echoing the API. Times are read in the worker's zone
// with Intl; the rules for wall-clock gaps and repeats (DST nights) are left out, which the demo
// data never needs (its logs fall between 11:00 and 22:00 UTC).
import { WireRecord } from './accounts';

export type Counts = {
  contacts: number;
  after_hours_contacts: number;
  outside_agreement_contacts: number;
  limit_exceeded_days: number;
  unanswered_incoming: number;
};

export type WorkerFigures = Counts & {
  active_service_users: number;
  weekly_limit_exceeded: number;
  relationships_ending_soon: number;
  checkin: { energy: number; strain: number; burnout: number; needs_guidance: boolean } | null;
  service_users: (Counts & { name: string; weekly_limit_exceeded: boolean })[];
};

type Window = { start: string; end: string };
type Local = { date: string; weekday: number; time: string; dateTime: string };

/** The wall clock of `instant` in `zone`. */
export function local(instant: Date, zone: string): Local {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', hourCycle: 'h23', weekday: 'short',
    })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  const time = `${parts.hour}:${parts.minute}`;
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.weekday) + 1;
  return { date, weekday, time, dateTime: `${date}T${time}` };
}

function utcDate(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

function addDays(date: string, days: number): string {
  return new Date(utcDate(date).getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

/** ISO 8601 week of a date, `2026-W48`. */
export function isoWeek(date: string): string {
  const day = utcDate(date);
  const weekday = day.getUTCDay() || 7;
  const thursday = new Date(day.getTime() + (4 - weekday) * 86_400_000);
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((thursday.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** Norwegian public holidays of a year, `YYYY-MM-DD` (domain.md; Easter by the Gregorian computus). */
export function holidays(year: number): Set<string> {
  const a = year % 19, b = Math.floor(year / 100), c = year % 100, d = Math.floor(b / 4), e = b % 4;
  const f = Math.floor((b + 8) / 25), g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30, i = Math.floor(c / 4), k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7, m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31), dayOfMonth = ((h + l - 7 * m + 114) % 31) + 1;
  const easter = `${year}-${String(month).padStart(2, '0')}-${String(dayOfMonth).padStart(2, '0')}`;
  return new Set([
    `${year}-01-01`, addDays(easter, -3), addDays(easter, -2), easter, addDays(easter, 1),
    `${year}-05-01`, `${year}-05-17`, addDays(easter, 39), addDays(easter, 49), addDays(easter, 50),
    `${year}-12-25`, `${year}-12-26`,
  ]);
}

const inside = (windows: Window[], time: string) => windows.some((w) => w.start <= time && time < w.end);

/** The figures of `week` (e.g. `2026-W48`) for the worker whose records these are, at `now`. */
export function weekFigures(records: WireRecord[], week: string, now: Date): WorkerFigures {
  const live = (kind: string) => records.filter((r) => r.kind === kind && !r.deleted);
  const profile = live('profile')[0]?.fields ?? {};
  const zone: string = profile.timezone ?? 'Europe/Oslo';
  const observeHolidays = profile.observe_public_holidays !== false;
  const weekly: { days: number[]; start: string; end: string }[] = live('availability')[0]?.fields.windows ?? [];
  const overrides = new Map(live('date_override').map((r) => [r.fields.date as string, r.fields.windows as Window[]]));
  const absences = live('absence').map((r) => [r.fields.starts_at as string, r.fields.ends_at as string]);

  const workerWindows = (at: Local): Window[] => {
    if (overrides.has(at.date)) return overrides.get(at.date)!;
    if (observeHolidays && holidays(Number(at.date.slice(0, 4))).has(at.date)) return [];
    return weekly.filter((w) => w.days.includes(at.weekday));
  };
  const away = (at: Local) => absences.some(([start, end]) => start <= at.dateTime && at.dateTime < end);

  const contacts = records.filter((r) => r.kind === 'contact');
  const isServiceUser = (c: WireRecord) => (c.fields.role ?? 'service_user') === 'service_user';
  const isActive = (c: WireRecord) => !c.deleted && (c.fields.status ?? 'active') === 'active';
  const logs = live('log').map((r) => ({ fields: r.fields, at: local(new Date(r.fields.at), zone) }))
    .filter((log) => isoWeek(log.at.date) === week);

  const serviceUsers = contacts
    .filter(isServiceUser)
    .map((contact) => {
      const theirs = logs.filter((log) => log.fields.contact_id === contact.id);
      const agreement: { days: number[]; start: string; end: string }[] = contact.fields.agreement_windows ?? [];
      let after = 0, outside = 0, unanswered = 0;
      const perDay = new Map<string, number>();
      for (const log of theirs) {
        const own = away(log.at) ? [] : workerWindows(log.at);
        const inOwn = inside(own, log.at.time);
        const theirWindows = agreement.filter((w) => w.days.includes(log.at.weekday));
        const inAgreement = agreement.length === 0 ? inOwn : inOwn && inside(theirWindows, log.at.time);
        if (!inOwn) after += 1;
        if (!inAgreement) outside += 1;
        if (log.fields.direction === 'incoming' && log.fields.answered === false) unanswered += 1;
        perDay.set(log.at.date, (perDay.get(log.at.date) ?? 0) + 1);
      }
      const perDayLimit = contact.fields.max_contacts_per_day;
      const perWeekLimit = contact.fields.max_contacts_per_week;
      return {
        contact,
        name: contact.fields.name as string,
        contacts: theirs.length,
        after_hours_contacts: after,
        outside_agreement_contacts: outside,
        limit_exceeded_days: perDayLimit == null ? 0 : [...perDay.values()].filter((n) => n > perDayLimit).length,
        unanswered_incoming: unanswered,
        weekly_limit_exceeded: perWeekLimit != null && theirs.length > perWeekLimit,
      };
    })
    .filter((row) => isActive(row.contact) || row.contacts > 0);

  const sum = (key: keyof Counts) => serviceUsers.reduce((total, row) => total + row[key], 0);
  const today = local(now, zone).date;
  const soon = (date?: string | null) => !!date && today <= date && date <= addDays(today, 60);
  const plannedEnd = (c: WireRecord): string | undefined => {
    if (c.fields.planned_end_on) return c.fields.planned_end_on;
    if (!c.fields.started_on) return undefined;
    const started: string = c.fields.started_on;
    return `${Number(started.slice(0, 4)) + 2}${started.slice(4)}`;
  };
  const active = contacts.filter((c) => isServiceUser(c) && isActive(c));
  const checkins = live('checkin')
    .filter((r) => r.fields.week === week && r.fields.share_with_coordinator === true)
    .sort((a, b) => (a.id < b.id ? 1 : -1));
  const shared = checkins[0]?.fields;
  return {
    contacts: sum('contacts'),
    after_hours_contacts: sum('after_hours_contacts'),
    outside_agreement_contacts: sum('outside_agreement_contacts'),
    limit_exceeded_days: sum('limit_exceeded_days'),
    unanswered_incoming: sum('unanswered_incoming'),
    active_service_users: active.length,
    weekly_limit_exceeded: serviceUsers.filter((row) => row.weekly_limit_exceeded).length,
    relationships_ending_soon: active.filter((c) => soon(plannedEnd(c)) || soon(c.fields.review_on)).length,
    checkin: shared
      ? { energy: shared.energy, strain: shared.strain, burnout: shared.burnout, needs_guidance: shared.needs_guidance === true }
      : null,
    service_users: serviceUsers.map(({ contact: _contact, ...row }) => row),
  };
}

/** The order of the coordinator's cards: boundary pressure, most first, then name. */
export function pressure(figures: WorkerFigures): number {
  return figures.outside_agreement_contacts + figures.after_hours_contacts + figures.unanswered_incoming
    + figures.limit_exceeded_days + figures.weekly_limit_exceeded;
}

/** RFC 4180: quoted fields, doubled quotes, CRLF or LF line ends. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 1; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows;
}
