namespace BatchFlow.ShutdownHost;

/// <summary>
/// Submits <see cref="ShutdownUser"/> rows as fast as the flow takes them until the host stops, counting every
/// <c>SubmitAsync</c> that returned: those rows were accepted, and every one must end stored, reported or
/// dead-lettered. With a second flow, it also submits <see cref="ShutdownReject"/> rows, a few at a time.
/// </summary>
public sealed class Producer(ShutdownUserFlow users, ShutdownRejectFlow? rejects = null) : Microsoft.Extensions.Hosting.BackgroundService
{
    private const int ProgressEvery = 50_000;
    private static readonly DateTime s_start = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    // A few names shared by every row: millions of rows held in memory cost no string each.
    private static readonly string[] s_names = [.. Enumerable.Range(0, 16).Select(i => $"user {i}")];

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        rejects is null
            ? ProduceUsersAsync(stoppingToken)
            : Task.WhenAll(ProduceUsersAsync(stoppingToken), ProduceRejectsAsync(rejects, stoppingToken));

    private async Task ProduceUsersAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        long accepted = 0;
        try
        {
            while (true)
            {
                var id = accepted + 1;
                await users.SubmitAsync(new ShutdownUser(id, s_names[id & 15], s_start.AddSeconds(id)), stoppingToken).ConfigureAwait(false);
                accepted = id;
                if (accepted == 1)
                {
                    Output.Ready();
                }

                if (accepted % ProgressEvery == 0)
                {
                    Output.Progress(accepted, users.GetStatus().Written);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping. A submit whose wait was cancelled did not enqueue its row.
        }
        finally
        {
            Output.ProducerStopped(users.TableName, accepted);
        }
    }

    private static async Task ProduceRejectsAsync(ShutdownRejectFlow flow, CancellationToken stoppingToken)
    {
        await Task.Yield();
        long accepted = 0;
        try
        {
            // Slowly: each failing batch is split down to single rows to isolate them, which costs a write per row.
            while (true)
            {
                for (var i = 0; i < 10; i++)
                {
                    var id = accepted + 1;
                    await flow.SubmitAsync(new ShutdownReject(id, Note: null, s_start.AddSeconds(id)), stoppingToken).ConfigureAwait(false);
                    accepted = id;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(50), stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            Output.ProducerStopped(flow.TableName, accepted);
        }
    }
}
