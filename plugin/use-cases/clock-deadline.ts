// A deadline on the injected clock, as an AbortSignal: saves answer in time even in tests that drive a ManualClock.
import { setMaxListeners } from "node:events";
import type { Clock } from "../../common/clock.js";

export interface Deadline {
  /**
   * Aborts with DeadlineExceededError once the deadline has passed (on a clock with a timer, at the end of its
   * DEADLINE_WINDOW_MS window). Made on first read.
   */
  readonly signal: AbortSignal;
  /**
   * `{ signal }` for a Svea call or the order's lock, with the signal read only when used: a Svea client that answers
   * without waiting, or a lock that is free, never makes one (an AbortSignal and a timer cost a save several
   * microseconds, a tenth of its own work).
   */
  readonly options: { readonly signal: AbortSignal };
  /** When it falls due (epoch ms on the clock): a Svea status read whose poll slot comes later is not waited for. */
  readonly due: number;
  /** True once the deadline has passed. */
  readonly expired: boolean;
  /** Call when the work is done: the deadline no longer expires, and nothing it started keeps the process running. */
  dispose(): void;
}

// abort() without a reason builds a DOMException with a stack trace, a large share of a save's own work; the timer's
// rejection is swallowed below, so one shared reason serves every deadline.
const DISPOSED = Object.freeze(new Error("deadline disposed"));

export function clockDeadline(clock: Clock, ms: number): Deadline {
  return clock.timer ? new TimerDeadline(clock as Required<Clock>, ms) : sleepDeadline(clock, ms);
}

/**
 * Deadlines that fall due in the same window share one AbortController: `new AbortController()` costs a save about
 * 3.5 µs in Node 20 (8 µs in a save's warm path), the largest single part of its own work after the journal writes.
 * A shared signal fires at the end of its window, so a deadline's signal aborts at most this long after its due time,
 * never before. `expired` stays exact.
 */
export const DEADLINE_WINDOW_MS = 100;

/** The open windows of one clock, by end time and deadline length (the abort reason names the length). */
class DeadlineWindows {
  private readonly open = new Map<string, AbortController>();

  constructor(private readonly clock: Required<Clock>) {}

  /**
   * The signal of `due`'s window. Its timer runs to the window's end whether or not anyone still waits (a save at a
   * time would otherwise start and stop one each), and does not keep the process running: a deadline only bounds
   * work that has handles of its own (a socket, a sleep, the lock holder's I/O).
   */
  signal(due: number, ms: number): AbortSignal {
    const end = Math.ceil(due / DEADLINE_WINDOW_MS) * DEADLINE_WINDOW_MS;
    const key = `${end}/${ms}`;
    let window = this.open.get(key);
    if (!window) {
      const opened = (window = new AbortController());
      // Every save of a busy window may hand the signal to fetch and to the order's lock at once.
      setMaxListeners(0, opened.signal);
      this.open.set(key, opened);
      this.clock.timer(
        Math.max(0, end - this.clock.now()),
        () => {
          this.open.delete(key);
          opened.abort(new DeadlineExceededError(ms));
        },
        { keepAlive: false },
      );
    }
    return window.signal;
  }
}

const windowsByClock = new WeakMap<Clock, DeadlineWindows>();

function windowsOf(clock: Required<Clock>): DeadlineWindows {
  let windows = windowsByClock.get(clock);
  if (!windows) windowsByClock.set(clock, (windows = new DeadlineWindows(clock)));
  return windows;
}

/**
 * On a clock with a cancellable timer (the system clock's): nothing but the due time until someone reads the signal
 * (a lock waiter, a Svea client); then the signal of the deadline's window (see DEADLINE_WINDOW_MS), or one already
 * aborted if the deadline has passed. `expired` compares the clock with the due time, so it holds without a signal.
 */
class TimerDeadline implements Deadline {
  private shared: AbortSignal | undefined;
  private disposed = false;
  readonly due: number;

  constructor(
    private readonly clock: Required<Clock>,
    private readonly ms: number,
  ) {
    this.due = clock.now() + ms;
  }

  /** The deadline itself: its `signal` is a getter on the class, so no object with an accessor is built per save. */
  get options(): { readonly signal: AbortSignal } {
    return this;
  }

  get signal(): AbortSignal {
    if (!this.shared) {
      if (this.disposed) {
        // Read after dispose: a signal that never fires, as `expired` never turns true.
        this.shared = new AbortController().signal;
      } else if (this.due <= this.clock.now()) {
        this.shared = AbortSignal.abort(new DeadlineExceededError(this.ms));
      } else {
        this.shared = windowsOf(this.clock).signal(this.due, this.ms);
      }
    }
    return this.shared;
  }

  get expired(): boolean {
    return !this.disposed && this.clock.now() >= this.due;
  }

  /** The window's timer is shared and keeps nothing running, so there is nothing to stop. */
  dispose(): void {
    this.disposed = true;
  }
}

/** On a clock without a timer (ManualClock): a sleep on the clock, started at once, that dispose wakes. */
function sleepDeadline(clock: Clock, ms: number): Deadline {
  const deadline = new AbortController();
  const stop = new AbortController();
  const due = clock.now() + ms;
  clock.sleep(ms, stop.signal).then(
    () => deadline.abort(new DeadlineExceededError(ms)),
    () => undefined,
  );
  return {
    signal: deadline.signal,
    options: { signal: deadline.signal },
    due,
    get expired() {
      return deadline.signal.aborted;
    },
    dispose: () => stop.abort(DISPOSED),
  };
}

export class DeadlineExceededError extends Error {
  readonly code = "deadline-exceeded";
  constructor(readonly ms: number) {
    super(`the save deadline of ${ms} ms passed`);
    this.name = "DeadlineExceededError";
  }
}
