package io.xaccount.operator.aws;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link AccountClients} per AwsAccount, rebuilt only when how to obtain its credentials
 * changes. Keeping the clients keeps their credentials provider, and with it the cached STS
 * session: reconciles never call sts:AssumeRole themselves.
 */
@ApplicationScoped
public class AwsClientCache {
  private final AwsClientFactory factory;
  private final Map<String, AccountClients> clients = new ConcurrentHashMap<>();

  public AwsClientCache(AwsClientFactory factory) {
    this.factory = factory;
  }

  /** The clients for the named account, built anew if the credentials spec changed. */
  public AccountClients clientsFor(String accountName, CredentialsSpec spec) {
    return clients.compute(
        accountName,
        (name, existing) -> {
          if (existing != null && existing.spec().equals(spec)) {
            return existing;
          }
          if (existing != null) {
            existing.close();
          }
          return factory.create(spec);
        });
  }

  /** Forgets an account (deleted AwsAccount), closing its clients. */
  public void evict(String accountName) {
    AccountClients removed = clients.remove(accountName);
    if (removed != null) {
      removed.close();
    }
  }

  @PreDestroy
  void closeAll() {
    clients.values().forEach(AccountClients::close);
    clients.clear();
  }
}
