using System.Data.Common;
using Dapper;
using Platform.Engine.Storage;
using Platform.Engine.Validation;

namespace Platform.Engine.Users;

public sealed record Department(long Id, string Name, long? ParentId, long SortOrder);

/// <summary>A person in a department: one of a user's departments is their primary one; managers lead it.</summary>
public sealed record DepartmentMember(long DepartmentId, long UserId, bool IsPrimary, bool IsManager);

/// <summary>
/// Departments as a tree. Besides each department's parent, <c>pf_department_tree</c> lists every ancestor of every
/// department (itself included, at depth 0), so "a department and everything below it" is one indexed lookup however
/// deep or wide the tree is (a closure table); moving a department rewrites only its own subtree's rows.
/// </summary>
public sealed class DepartmentService(PlatformDatabase database, TimeProvider clock)
{
    public const int MaxName = 100;
    private const string Columns = "id, name, parent_id, sort_order";

    /// <summary>Every department, parents before their children's siblings in no particular depth order: the client builds the tree.</summary>
    public async Task<IReadOnlyList<Department>> ListAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<DepartmentRow>($"SELECT {Columns} FROM pf_departments ORDER BY parent_id, sort_order, id")).Select(Map).ToList();
    }

    public async Task<Department> GetAsync(long id, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await FindAsync(connection, null, id) ?? throw new NotFoundException("department.notFound", id);
    }

    public Task<Department> CreateAsync(string name, long? parentId, long sortOrder = 0, CancellationToken ct = default)
    {
        name = CheckName(name);
        return database.InTransactionAsync(async (connection, transaction) =>
        {
            if (parentId is { } parent && await FindAsync(connection, transaction, parent) is null)
                throw new ValidationFailedException([new("parentId", "department.missing", parent)]);
            var dialect = database.Dialect;
            var id = await connection.ExecuteScalarAsync<long>(dialect.InsertReturningId("pf_departments", ["name", "parent_id", "sort_order", "created_at"]),
                new { p0 = name, p1 = parentId, p2 = sortOrder, p3 = dialect.ToDb(ColumnType.DateTime, clock.GetUtcNow().UtcDateTime) }, transaction);
            await connection.ExecuteAsync(
                "INSERT INTO pf_department_tree (ancestor_id, descendant_id, depth) SELECT ancestor_id, @id, depth + 1 FROM pf_department_tree WHERE descendant_id = @parent",
                new { id, parent = parentId ?? 0 }, transaction);
            await connection.ExecuteAsync("INSERT INTO pf_department_tree (ancestor_id, descendant_id, depth) VALUES (@id, @id, 0)", new { id }, transaction);
            return new Department(id, name, parentId, sortOrder);
        }, ct);
    }

    /// <summary>Renames, reorders or moves a department (with everything below it). A department cannot move under itself.</summary>
    public Task<Department> UpdateAsync(long id, string name, long? parentId, long sortOrder, CancellationToken ct = default)
    {
        name = CheckName(name);
        return database.InTransactionAsync(async (connection, transaction) =>
        {
            var current = await FindAsync(connection, transaction, id) ?? throw new NotFoundException("department.notFound", id);
            if (parentId != current.ParentId)
            {
                if (parentId is { } parent)
                {
                    if (await FindAsync(connection, transaction, parent) is null) throw new ValidationFailedException([new("parentId", "department.missing", parent)]);
                    var inside = await connection.ExecuteScalarAsync<long>(
                        "SELECT COUNT(*) FROM pf_department_tree WHERE ancestor_id = @id AND descendant_id = @parent", new { id, parent }, transaction);
                    if (inside > 0) throw new ValidationFailedException([new("parentId", "department.cycle", parent)]);
                }
                await MoveSubtreeAsync(connection, transaction, id, parentId);
            }
            await connection.ExecuteAsync("UPDATE pf_departments SET name = @name, parent_id = @parentId, sort_order = @sortOrder WHERE id = @id",
                new { id, name, parentId, sortOrder }, transaction);
            return new Department(id, name, parentId, sortOrder);
        }, ct);
    }

    /// <summary>Deletes an empty-of-departments department; its memberships go with it. Records keep the id they hold.</summary>
    public Task DeleteAsync(long id, CancellationToken ct = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            if (await FindAsync(connection, transaction, id) is null) throw new NotFoundException("department.notFound", id);
            if (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM pf_departments WHERE parent_id = @id", new { id }, transaction) > 0)
                throw new ConflictException("department.hasChildren", id);
            await connection.ExecuteAsync("DELETE FROM pf_department_members WHERE department_id = @id", new { id }, transaction);
            await connection.ExecuteAsync("DELETE FROM pf_department_tree WHERE descendant_id = @id", new { id }, transaction);
            await connection.ExecuteAsync("DELETE FROM pf_departments WHERE id = @id", new { id }, transaction);
            return 0;
        }, ct);

    /// <summary>The department and every department below it, at any depth.</summary>
    public async Task<IReadOnlyList<long>> SubtreeAsync(long id, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<long>("SELECT descendant_id FROM pf_department_tree WHERE ancestor_id = @id ORDER BY depth, descendant_id", new { id })).ToList();
    }

    public async Task<IReadOnlyList<DepartmentMember>> MembersAsync(long departmentId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        if (await FindAsync(connection, null, departmentId) is null) throw new NotFoundException("department.notFound", departmentId);
        return await MembershipsAsync(connection, "department_id = @id", departmentId);
    }

    /// <summary>The departments a user belongs to, the primary one first.</summary>
    public async Task<IReadOnlyList<DepartmentMember>> OfUserAsync(long userId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await MembershipsAsync(connection, "user_id = @id", userId);
    }

    /// <summary>
    /// Puts a user in a department (or changes how they are in it). Their first department is their primary one; making
    /// another primary makes the old one not.
    /// </summary>
    public Task<DepartmentMember> SetMemberAsync(long departmentId, long userId, bool? isPrimary, bool isManager, CancellationToken ct = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            if (await FindAsync(connection, transaction, departmentId) is null) throw new NotFoundException("department.notFound", departmentId);
            await UserService.RequireAsync(connection, transaction, userId);
            var others = (await connection.QueryAsync<(long DepartmentId, object IsPrimary)>(
                "SELECT department_id, is_primary FROM pf_department_members WHERE user_id = @userId AND department_id <> @departmentId",
                new { userId, departmentId }, transaction)).ToList();
            var dialect = database.Dialect;
            var primary = isPrimary ?? others.All(o => !(bool)dialect.FromDb(ColumnType.Boolean, o.IsPrimary)!);
            if (primary)
            {
                await connection.ExecuteAsync("UPDATE pf_department_members SET is_primary = @no WHERE user_id = @userId",
                    new { userId, no = dialect.ToDb(ColumnType.Boolean, false) }, transaction);
            }
            var values = new { departmentId, userId, primary = dialect.ToDb(ColumnType.Boolean, primary), manager = dialect.ToDb(ColumnType.Boolean, isManager) };
            var changed = await connection.ExecuteAsync(
                "UPDATE pf_department_members SET is_primary = @primary, is_manager = @manager WHERE department_id = @departmentId AND user_id = @userId", values, transaction);
            if (changed == 0)
            {
                await connection.ExecuteAsync("INSERT INTO pf_department_members (department_id, user_id, is_primary, is_manager) " +
                                              "VALUES (@departmentId, @userId, @primary, @manager)", values, transaction);
            }
            return new DepartmentMember(departmentId, userId, primary, isManager);
        }, ct);

    /// <summary>Takes a user out of a department; if it was their primary one, the next of theirs becomes primary.</summary>
    public Task RemoveMemberAsync(long departmentId, long userId, CancellationToken ct = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            var removed = await connection.ExecuteAsync("DELETE FROM pf_department_members WHERE department_id = @departmentId AND user_id = @userId",
                new { departmentId, userId }, transaction);
            if (removed == 0) throw new NotFoundException("department.notMember", userId);
            var dialect = database.Dialect;
            var yes = dialect.ToDb(ColumnType.Boolean, true);
            if (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM pf_department_members WHERE user_id = @userId AND is_primary = @yes",
                    new { userId, yes }, transaction) == 0)
            {
                var next = await connection.ExecuteScalarAsync<long?>("SELECT MIN(department_id) FROM pf_department_members WHERE user_id = @userId", new { userId }, transaction);
                if (next is not null)
                {
                    await connection.ExecuteAsync("UPDATE pf_department_members SET is_primary = @yes WHERE department_id = @next AND user_id = @userId",
                        new { next, userId, yes }, transaction);
                }
            }
            return 0;
        }, ct);

    // The subtree leaves its old ancestors and takes the new parent's, keeping the paths inside it.
    private static async Task MoveSubtreeAsync(DbConnection connection, DbTransaction transaction, long id, long? parentId)
    {
        await connection.ExecuteAsync(
            "DELETE FROM pf_department_tree WHERE descendant_id IN (SELECT descendant_id FROM pf_department_tree WHERE ancestor_id = @id) " +
            "AND ancestor_id NOT IN (SELECT descendant_id FROM pf_department_tree WHERE ancestor_id = @id)", new { id }, transaction);
        if (parentId is null) return;
        await connection.ExecuteAsync(
            "INSERT INTO pf_department_tree (ancestor_id, descendant_id, depth) SELECT a.ancestor_id, d.descendant_id, a.depth + d.depth + 1 " +
            "FROM pf_department_tree a, pf_department_tree d WHERE a.descendant_id = @parentId AND d.ancestor_id = @id", new { id, parentId }, transaction);
    }

    /// <summary>
    /// Who a person reports to: the managers of their primary department other than themselves, or, where it has none, of the
    /// nearest department above it that has. Empty for someone in no department.
    /// </summary>
    public async Task<IReadOnlyList<long>> ManagersOfAsync(long userId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = (await connection.QueryAsync<(long UserId, long Depth)>(
            "SELECT m.user_id, t.depth FROM pf_department_members p JOIN pf_department_tree t ON t.descendant_id = p.department_id " +
            "JOIN pf_department_members m ON m.department_id = t.ancestor_id AND m.is_manager = @yes AND m.user_id <> @userId " +
            "WHERE p.user_id = @userId AND p.is_primary = @yes", new { userId, yes = database.Dialect.ToDb(ColumnType.Boolean, true) })).ToList();
        return rows.Count == 0 ? [] : rows.Where(r => r.Depth == rows.Min(x => x.Depth)).Select(r => r.UserId).Distinct().ToList();
    }

    private static string CheckName(string? name)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0) throw new ValidationFailedException([new("name", "required")]);
        if (trimmed.Length > MaxName) throw new ValidationFailedException([new("name", "text.tooLong", MaxName)]);
        return trimmed;
    }

    private async Task<IReadOnlyList<DepartmentMember>> MembershipsAsync(DbConnection connection, string where, long id)
    {
        var dialect = database.Dialect;
        var rows = await connection.QueryAsync<(long DepartmentId, long UserId, object IsPrimary, object IsManager)>(
            $"SELECT department_id, user_id, is_primary, is_manager FROM pf_department_members WHERE {where} ORDER BY department_id, user_id", new { id });
        return rows.Select(r => new DepartmentMember(r.DepartmentId, r.UserId, (bool)dialect.FromDb(ColumnType.Boolean, r.IsPrimary)!,
                (bool)dialect.FromDb(ColumnType.Boolean, r.IsManager)!))
            .OrderByDescending(m => m.IsPrimary).ToList();
    }

    private static async Task<Department?> FindAsync(DbConnection connection, DbTransaction? transaction, long id) =>
        (await connection.QuerySingleOrDefaultAsync<DepartmentRow>($"SELECT {Columns} FROM pf_departments WHERE id = @id", new { id }, transaction)) is { } row
            ? Map(row)
            : null;

    private static Department Map(DepartmentRow row) => new(row.Id, row.Name, row.ParentId, row.SortOrder);

    private sealed record DepartmentRow(long Id, string Name, long? ParentId, long SortOrder);
}
