package dev.straddle.processor.reading;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** {@code @RawSql}: no table of its own ({@link #table()} is empty); it names {@link #tables()}. */
public record RawSqlDecl(
    Site site,
    List<String> expand,
    List<String> expandOutsideTransaction,
    List<String> contractData,
    List<String> contract,
    List<String> contractOutsideTransaction,
    List<String> locks,
    List<String> locksUnmanaged,
    List<String> rollback,
    List<String> rollbackOutsideTransaction)
    implements OperationDecl {

  public RawSqlDecl {
    expand = List.copyOf(expand);
    expandOutsideTransaction = List.copyOf(expandOutsideTransaction);
    contractData = List.copyOf(contractData);
    contract = List.copyOf(contract);
    contractOutsideTransaction = List.copyOf(contractOutsideTransaction);
    locks = List.copyOf(locks);
    locksUnmanaged = List.copyOf(locksUnmanaged);
    rollback = List.copyOf(rollback);
    rollbackOutsideTransaction = List.copyOf(rollbackOutsideTransaction);
  }

  /** Whether it changes anything at expand (which a rollback would have to undo). */
  public boolean expands() {
    return !expand.isEmpty() || !expandOutsideTransaction.isEmpty();
  }

  /** Whether it says how to undo its expand. */
  public boolean rollsBack() {
    return !rollback.isEmpty() || !rollbackOutsideTransaction.isEmpty();
  }

  @Override
  public String table() {
    return "";
  }

  @Override
  public Set<String> tables() {
    Set<String> out = new LinkedHashSet<>(locks);
    out.addAll(locksUnmanaged);
    return out;
  }

  @Override
  public String attributeOf(String table) {
    return locks.contains(table) ? "locks" : "locksUnmanaged";
  }

  @Override
  public String kind() {
    return "RawSql";
  }

  /**
   * The checksum's text. The rollback statements are not in it: they change nothing the expand or
   * contract does, and adding one to a migration already applied must not refuse the next run.
   */
  @Override
  public String canonical() {
    return Canonical.of(
        kind(),
        "expand",
        joined(expand),
        "expandOutsideTransaction",
        joined(expandOutsideTransaction),
        "contractData",
        joined(contractData),
        "contract",
        joined(contract),
        "contractOutsideTransaction",
        joined(contractOutsideTransaction),
        "locks",
        joined(locks),
        "locksUnmanaged",
        joined(locksUnmanaged));
  }

  /** Each statement as {@code <length>:text}, so statements cannot run into each other. */
  private static String joined(List<String> statements) {
    StringBuilder out = new StringBuilder();
    for (String s : statements) {
      out.append(s.length()).append(':').append(s).append(';');
    }
    return out.toString();
  }
}
