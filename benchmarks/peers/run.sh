#!/bin/sh
# The external-peer benchmarks (clients against openssl s_server; servers under openssl s_time and
# concurrent JSSE clients). Run from the repository root; options go to PeerBench, e.g.
#   benchmarks/peers/run.sh --rounds 3 --seconds 2 --protocols TLSv1.3 --keys ec --loads stime,16
# Needs openssl and Perl's IO::Socket::SSL (Debian: openssl, libio-socket-ssl-perl).
set -e
cd "$(dirname "$0")/../.."
if [ -z "$SKIP_BUILD" ]; then
	./mvnw -B -q -pl benchmarks -am package -DskipTests
fi
exec java -cp benchmarks/target/benchmarks.jar io.github.sslstarter.benchmarks.peers.PeerBench \
	--scripts benchmarks/peers --out benchmarks/target/peers.md "$@"
