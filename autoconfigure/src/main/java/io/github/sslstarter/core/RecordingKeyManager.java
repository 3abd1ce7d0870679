package io.github.sslstarter.core;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Our key manager, which also notes in the {@link ConnectionLedger} the connections where the
 * server asked for a client certificate and we had none to give: the server's refusal often
 * arrives as a reset, not an alert, and this is how such a failure is still classified as
 * "client certificate required".
 */
final class RecordingKeyManager extends X509ExtendedKeyManager {

	private final X509ExtendedKeyManager delegate;

	private final ConnectionLedger ledger;

	RecordingKeyManager(X509ExtendedKeyManager delegate, ConnectionLedger ledger) {
		this.delegate = delegate;
		this.ledger = ledger;
	}

	private String recordClient(String alias, Object connection) {
		this.ledger.certificateRequestedButMissing(connection, alias == null);
		return alias;
	}

	@Override
	public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
		return recordClient((this.delegate != null) ? this.delegate.chooseClientAlias(keyType, issuers, socket) : null,
				socket);
	}

	@Override
	public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
		return recordClient(
				(this.delegate != null) ? this.delegate.chooseEngineClientAlias(keyType, issuers, engine) : null,
				engine);
	}

	@Override
	public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
		return (this.delegate != null) ? this.delegate.chooseServerAlias(keyType, issuers, socket) : null;
	}

	@Override
	public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
		return (this.delegate != null) ? this.delegate.chooseEngineServerAlias(keyType, issuers, engine) : null;
	}

	@Override
	public String[] getClientAliases(String keyType, Principal[] issuers) {
		return (this.delegate != null) ? this.delegate.getClientAliases(keyType, issuers) : null;
	}

	@Override
	public String[] getServerAliases(String keyType, Principal[] issuers) {
		return (this.delegate != null) ? this.delegate.getServerAliases(keyType, issuers) : null;
	}

	@Override
	public X509Certificate[] getCertificateChain(String alias) {
		return (this.delegate != null) ? this.delegate.getCertificateChain(alias) : null;
	}

	@Override
	public PrivateKey getPrivateKey(String alias) {
		return (this.delegate != null) ? this.delegate.getPrivateKey(alias) : null;
	}

}
