using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using OtpSessions.Core;
using OtpSessions.Infrastructure.Storage;
using OtpSessions.Testing;

namespace OtpSessions.Infrastructure.Tests;

/// <summary>
/// A real in-memory Azurite with every table and queue of the app created. <see cref="Tables"/> and <see cref="Queues"/>
/// count every request they send in <see cref="Counter"/> (the collection runs one test at a time: reset, act, read).
/// </summary>
public sealed class StorageFixture : IAsyncLifetime
{
    public Azurite Azurite { get; } = new();

    public TableServiceClient Tables { get; private set; } = null!;

    public QueueServiceClient Queues { get; private set; } = null!;

    public StorageRequestCounter Counter { get; } = new();

    public async Task InitializeAsync()
    {
        await Azurite.InitializeAsync();
        var tableOptions = new TableClientOptions();
        tableOptions.AddPolicy(Counter, HttpPipelinePosition.PerRetry);
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        queueOptions.AddPolicy(Counter, HttpPipelinePosition.PerRetry);
        Tables = new TableServiceClient(Azurite.ConnectionString, tableOptions);
        Queues = new QueueServiceClient(Azurite.ConnectionString, queueOptions);
        foreach (var table in TableNames.All)
        {
            await Tables.CreateTableIfNotExistsAsync(table);
        }
        foreach (var queue in QueueNames.All)
        {
            await Queues.GetQueueClient(queue).CreateIfNotExistsAsync();
            await Queues.GetQueueClient(QueueNames.Poison(queue)).CreateIfNotExistsAsync();
        }
    }

    public Task DisposeAsync() => Azurite.DisposeAsync();

    public async Task<List<TableEntity>> RowsAsync(string table, string partitionKey)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in Tables.GetTableClient(table).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}")))
        {
            rows.Add(row);
        }
        return rows;
    }
}

/// <summary>Test classes that share one Azurite and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class StorageCollection : ICollectionFixture<StorageFixture>
{
    public const string Name = "storage";
}
