using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Delegations.Bench.Load;

/// <summary>
/// Fast inserts for seeding: multi-row prepared INSERTs per table, built from the application's EF model (table,
/// columns, provider type mappings and value converters), so the rows are exactly what EF would write — Guids as
/// SQLite text, times as the SQLite context's sortable integers, enums as snake_case — at bulk speed, in big
/// transactions.
/// </summary>
public sealed class BulkWriter(DbContext model, DbConnection connection) : IAsyncDisposable
{
    private const int RowsPerStatement = 64;
    private readonly Dictionary<Type, Insert> _inserts = [];
    private DbTransaction? _tx;
    private int _pending;

    public long Rows { get; private set; }

    public async Task AddAsync<T>(T entity) where T : class
    {
        if (!_inserts.TryGetValue(typeof(T), out var insert))
            _inserts[typeof(T)] = insert = new Insert(model.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T)} is not in the model."), connection);
        if (insert.Add(entity))
        {
            // Every table's buffer, in the order the tables were first written (parents first), so foreign keys
            // that PostgreSQL checks per statement always find their rows.
            _tx ??= await connection.BeginTransactionAsync();
            foreach (var each in _inserts.Values) each.Flush(_tx);
        }
        Rows++;
        if (++_pending >= 100_000) await CommitAsync();
    }

    /// <summary>Writes every buffered row and commits.</summary>
    public async Task CommitAsync()
    {
        _tx ??= await connection.BeginTransactionAsync();
        foreach (var insert in _inserts.Values) insert.Flush(_tx);
        await _tx.CommitAsync();
        await _tx.DisposeAsync();
        _tx = null;
        _pending = 0;
    }

    public async ValueTask DisposeAsync()
    {
        await CommitAsync();
        foreach (var insert in _inserts.Values) insert.Dispose();
    }

    private sealed class Insert : IDisposable
    {
        private readonly IProperty[] _properties;
        private readonly string _prefix;
        private readonly DbConnection _connection;
        private readonly List<object?[]> _buffer = [];
        // One prepared command per batch size: flushing every table whenever one is full leaves the others with odd
        // sizes, and building and preparing a statement of up to 64 rows each time cost more than running it.
        private readonly Dictionary<int, DbCommand> _commands = [];

        public Insert(IEntityType type, DbConnection connection)
        {
            _connection = connection;
            var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
            _properties = type.GetProperties()
                .Where(p => p.GetColumnName(table) is not null && p.PropertyInfo is not null)
                // Database-generated keys (journal and audit ids) are left to the database.
                .Where(p => !(p.IsPrimaryKey() && p.ValueGenerated == ValueGenerated.OnAdd && p.ClrType != typeof(Guid) && p.ClrType != typeof(string)))
                .ToArray();
            var name = type.GetSchema() is { } schema ? $"\"{schema}\".\"{table.Name}\"" : $"\"{table.Name}\"";
            _prefix = $"INSERT INTO {name} ({string.Join(", ", _properties.Select(c => "\"" + c.GetColumnName(table) + "\""))}) VALUES ";
        }

        /// <summary>Buffers a row; true when a full statement's worth is waiting.</summary>
        public bool Add(object entity)
        {
            var values = new object?[_properties.Length];
            for (var i = 0; i < _properties.Length; i++)
            {
                var value = _properties[i].GetGetter().GetClrValue(entity);
                if (value is not null && _properties[i].GetTypeMapping().Converter is { } converter) value = converter.ConvertToProvider(value);
                values[i] = value;
            }
            _buffer.Add(values);
            return _buffer.Count >= RowsPerStatement;
        }

        public void Flush(DbTransaction tx)
        {
            if (_buffer.Count == 0) return;
            if (!_commands.TryGetValue(_buffer.Count, out var command))
            {
                _commands[_buffer.Count] = command = Command(_buffer.Count);
                command.Transaction = tx;
                command.Prepare();
            }
            command.Transaction = tx;
            var p = 0;
            foreach (var row in _buffer)
                foreach (var value in row)
                    command.Parameters[p++].Value = value ?? DBNull.Value;
            command.ExecuteNonQuery();
            _buffer.Clear();
        }

        private DbCommand Command(int rows)
        {
            var command = _connection.CreateCommand();
            var values = new List<string>(rows);
            for (var r = 0; r < rows; r++)
            {
                var names = new string[_properties.Length];
                for (var i = 0; i < _properties.Length; i++)
                {
                    names[i] = $"@p{r}_{i}";
                    command.Parameters.Add(((RelationalTypeMapping)_properties[i].GetTypeMapping()).CreateParameter(command, names[i], null, nullable: true));
                }
                values.Add("(" + string.Join(", ", names) + ")");
            }
            command.CommandText = _prefix + string.Join(", ", values);
            return command;
        }

        public void Dispose()
        {
            foreach (var command in _commands.Values) command.Dispose();
        }
    }
}
