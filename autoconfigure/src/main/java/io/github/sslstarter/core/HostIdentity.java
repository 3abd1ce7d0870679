package io.github.sslstarter.core;

import java.util.List;
import java.util.Objects;

import io.github.sslstarter.material.Identity;

/**
 * One of a server's further identities ({@code identities[n]}): a certificate chain and private
 * key, and the host names whose clients get it by SNI, each exact ({@code a.example.com}) or a
 * wildcard of one label ({@code *.example.com}). With no host names it is one more default
 * beside the context's {@code identity}, for clients that send no name or an unknown one: a
 * default of another key type, such as an ECDSA certificate next to an RSA one. Within a name,
 * the identity whose key type the client supports is chosen (RSA, EC, EdDSA, RSASSA-PSS).
 *
 * @param source where it was configured, for messages (such as {@code ssl.identities[0]});
 * {@code null}: {@code identities[n]} by its position
 * @param hostNames the host names it serves; empty: a default
 * @param identity the chain and key
 */
public record HostIdentity(String source, List<String> hostNames, Identity identity) {

	public HostIdentity {
		hostNames = List.copyOf(hostNames);
		Objects.requireNonNull(identity, "identity");
	}

	/**
	 * An identity for these host names.
	 * @param identity the chain and key
	 * @param hostNames exact names or {@code *.} wildcards; none: a default
	 * @return the host identity
	 */
	public static HostIdentity of(Identity identity, String... hostNames) {
		return new HostIdentity(null, List.of(hostNames), identity);
	}

	@Override
	public String toString() {
		return "HostIdentity[" + ((this.source != null) ? this.source + ", " : "") + "hostNames=" + this.hostNames
				+ ", " + this.identity + "]";
	}

}
