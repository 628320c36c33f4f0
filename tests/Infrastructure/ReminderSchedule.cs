using System.Collections.Concurrent;
using Orleans.Reminders.Diagnostics;

namespace ServiceGrid.Tests.Infrastructure;

/// <summary>
/// Whether every reminder of one silo is waiting for its next tick under its latest schedule, read from Orleans'
/// reminder diagnostics.
/// </summary>
/// <remarks>
/// A reminder registered or moved by a grain is armed by the silo's reminder loop a moment later, on another thread. A
/// test that jumps the fake clock in that moment leaves the loop to compute its tick from the new time: the next period
/// boundary after it, a minute ahead on a clock that no longer moves, and the deadline never fires. Jumping only once
/// every reminder is armed makes the tick land where the reminder put it.
/// </remarks>
public sealed class ReminderSchedule : IObserver<ReminderEvents.ReminderEvent>, IDisposable
{
    static readonly TimeSpan MaxSettle = TimeSpan.FromSeconds(30);

    readonly Func<SiloAddress?> _silo;
    SiloAddress? _address;
    readonly ConcurrentDictionary<object, LocalReminder> _reminders = new(ReferenceEqualityComparer.Instance);
    readonly IDisposable _subscription;

    public ReminderSchedule(Func<SiloAddress?> silo)
    {
        _silo = silo;
        _subscription = ReminderEvents.AllEvents.Subscribe(this);
    }

    /// <summary>Completes once every started reminder of the silo is armed for its latest schedule (or stopped).</summary>
    public async Task SettledAsync()
    {
        var deadline = DateTime.UtcNow + MaxSettle;
        while (_reminders.Values.FirstOrDefault(reminder => !reminder.Settled) is { } pending)
        {
            if (DateTime.UtcNow >= deadline)
                throw new TimeoutException($"Reminder '{pending.Name}' of {pending.GrainId} was not armed for its latest schedule within {MaxSettle}.");
            await Task.Delay(5);
        }
    }

    public void OnNext(ReminderEvents.ReminderEvent value)
    {
        if (value.SiloAddress is null || !value.SiloAddress.Equals(_address ??= _silo())) return;
        switch (value)
        {
            case ReminderEvents.LocalReminderStarted started:
                Track(started.Identity, value).Start();
                break;
            case ReminderEvents.LocalReminderScheduleChanged changed:
                Track(changed.Identity, value).Change(changed.ScheduleVersion);
                break;
            case ReminderEvents.LocalReminderTickWaitArmed armed:
                Track(armed.Identity, value).Arm(armed.ScheduleVersion);
                break;
            case ReminderEvents.TickFiring:
                foreach (var reminder in _reminders.Values.Where(r => r.Is(value))) reminder.Fire();
                break;
            case ReminderEvents.LocalReminderStopped stopped:
                _reminders.TryRemove(stopped.Identity, out _);
                break;
        }
    }

    LocalReminder Track(object identity, ReminderEvents.ReminderEvent value) =>
        _reminders.GetOrAdd(identity, _ => new LocalReminder(value.GrainId, value.ReminderName));

    public void OnCompleted() { }

    public void OnError(Exception error) { }

    public void Dispose() => _subscription.Dispose();

    /// <summary>One reminder's loop on the silo. Events come from several threads, so each update takes the lock.</summary>
    sealed class LocalReminder(GrainId grainId, string name)
    {
        readonly Lock _lock = new();
        long _latest;
        long _armed = -1;
        bool _firing;

        public GrainId GrainId => grainId;

        public string Name => name;

        public bool Settled
        {
            get { lock (_lock) return !_firing && _armed >= _latest; }
        }

        public bool Is(ReminderEvents.ReminderEvent value) => value.GrainId == grainId && value.ReminderName == name;

        public void Start()
        {
            lock (_lock) _latest = Math.Max(_latest, 0);
        }

        public void Change(long version)
        {
            lock (_lock) _latest = Math.Max(_latest, version);
        }

        public void Arm(long version)
        {
            lock (_lock)
            {
                _latest = Math.Max(_latest, version);
                _armed = Math.Max(_armed, version);
                _firing = false;
            }
        }

        /// <summary>Until the loop waits again, after the grain has handled the tick, the reminder is not armed.</summary>
        public void Fire()
        {
            lock (_lock) _firing = true;
        }
    }
}
