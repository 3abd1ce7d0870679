package io.github.sslstarter.core;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Our key manager, which also notes in the {@link ConnectionLedger} the connections where the
 * server asked for a client certificate and we had none to give: the server's refusal often
 * arrives as a reset, not an alert, and this is how such a failure is still classified as
 * "client certificate required".
 * <p>
 * The key manager it delegates to (what {@code KeyMaterial} builds) can be replaced when the
 * context's material is reloaded ({@link #replaceDelegate}). JSSE asks for an alias first and
 * for the alias's chain and key afterwards; so that a handshake never gets the new chain with the
 * old key, every alias handed out carries the generation of the delegate that chose it
 * ({@code 2/identity}), and its chain and key are asked of that same delegate. The last few
 * generations are kept for handshakes that straddle a replacement.
 */
final class RecordingKeyManager extends X509ExtendedKeyManager {

	/** Generations kept for handshakes that chose an alias before a replacement. */
	private static final int KEPT = 4;

	private final ConnectionLedger ledger;

	private final Object lock = new Object();

	/** Delegates by generation modulo {@link #KEPT}; a slot may hold {@code null} (no identity). */
	private volatile Generation[] generations;

	private volatile Generation current;

	RecordingKeyManager(X509ExtendedKeyManager delegate, ConnectionLedger ledger) {
		this.ledger = ledger;
		this.current = new Generation(0, delegate);
		this.generations = new Generation[KEPT];
		this.generations[0] = this.current;
	}

	/**
	 * Makes {@code delegate} the key manager of every handshake from now on; handshakes that
	 * already chose an alias finish with the delegate that chose it.
	 * @param delegate the key manager of the reloaded identity, or {@code null} for none
	 */
	void replaceDelegate(X509ExtendedKeyManager delegate) {
		synchronized (this.lock) {
			Generation next = new Generation(this.current.number() + 1, delegate);
			Generation[] generations = Arrays.copyOf(this.generations, KEPT);
			generations[(int) (next.number() % KEPT)] = next;
			this.generations = generations;
			this.current = next;
		}
	}

	private String recordClient(String alias, Object connection) {
		this.ledger.certificateRequestedButMissing(connection, alias == null);
		return alias;
	}

	@Override
	public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
		Generation generation = this.current;
		return recordClient(generation.tag((generation.delegate() != null)
				? generation.delegate().chooseClientAlias(keyType, issuers, socket) : null), socket);
	}

	@Override
	public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
		Generation generation = this.current;
		return recordClient(generation.tag((generation.delegate() != null)
				? generation.delegate().chooseEngineClientAlias(keyType, issuers, engine) : null), engine);
	}

	@Override
	public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
		Generation generation = this.current;
		return generation.tag((generation.delegate() != null)
				? generation.delegate().chooseServerAlias(keyType, issuers, socket) : null);
	}

	@Override
	public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
		Generation generation = this.current;
		return generation.tag((generation.delegate() != null)
				? generation.delegate().chooseEngineServerAlias(keyType, issuers, engine) : null);
	}

	@Override
	public String[] getClientAliases(String keyType, Principal[] issuers) {
		Generation generation = this.current;
		return generation.tag((generation.delegate() != null) ? generation.delegate().getClientAliases(keyType, issuers)
				: null);
	}

	@Override
	public String[] getServerAliases(String keyType, Principal[] issuers) {
		Generation generation = this.current;
		return generation.tag((generation.delegate() != null) ? generation.delegate().getServerAliases(keyType, issuers)
				: null);
	}

	@Override
	public X509Certificate[] getCertificateChain(String alias) {
		Generation generation = generationOf(alias);
		return (generation != null && generation.delegate() != null)
				? generation.delegate().getCertificateChain(Generation.untag(alias)) : null;
	}

	@Override
	public PrivateKey getPrivateKey(String alias) {
		Generation generation = generationOf(alias);
		return (generation != null && generation.delegate() != null)
				? generation.delegate().getPrivateKey(Generation.untag(alias)) : null;
	}

	/** The generation that handed out {@code alias}, or {@code null} when it is unknown or too old. */
	private Generation generationOf(String alias) {
		long number = Generation.number(alias);
		if (number < 0) {
			return null;
		}
		Generation generation = this.generations[(int) (number % KEPT)];
		return (generation != null && generation.number() == number) ? generation : null;
	}

	/** One delegate and the number its aliases carry. */
	private record Generation(long number, X509ExtendedKeyManager delegate) {

		String tag(String alias) {
			return (alias != null) ? this.number + "/" + alias : null;
		}

		String[] tag(String[] aliases) {
			if (aliases == null) {
				return null;
			}
			String[] tagged = new String[aliases.length];
			for (int i = 0; i < aliases.length; i++) {
				tagged[i] = tag(aliases[i]);
			}
			return tagged;
		}

		static long number(String alias) {
			int slash = (alias != null) ? alias.indexOf('/') : -1;
			if (slash <= 0) {
				return -1;
			}
			try {
				return Long.parseLong(alias, 0, slash, 10);
			}
			catch (NumberFormatException ex) {
				return -1;
			}
		}

		static String untag(String alias) {
			return alias.substring(alias.indexOf('/') + 1);
		}

	}

}
