vcl 4.1;
# Varnish in front of the newsroom (`make serve-varnish`; Debian's varnish and
# varnish-modules). It shares the pages the site marks `Cache-Control: public` (the same
# bytes for every anonymous reader), passes everything personal, lets concurrent misses of
# one page wait for a single fetch, and drops objects by key.
#
# How a change reaches it, twice over:
# - PURGE with `xkey-purge: <keys>`, sent after every commit by a Celery task
#   (core/purge.py), retried until delivered: immediate.
# - On every answer the site tells which keys changed since the last answer Varnish saw
#   (`X-Invalidate-Pattern`, against the cursor Varnish sends in `X-Invalidations-Seen`), and
#   Varnish talks to the site at least every half second. So even when no purge can reach
#   it, a retracted article is gone within a second, while pages that did not change stay
#   cached for their whole s-maxage.
import std;
import var;
import xkey;

backend default {
    .host = "127.0.0.1";
    .port = "8001";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
}

acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    unset req.http.X-Invalidations-Seen;  # only Varnish itself sets it, towards the site
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "No xkey-purge header"));
        }
        set req.http.n-gone = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.n-gone));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Personal: a login session, a commenter's pending comment, a reply form opened without
    # JavaScript, and the admin. (The site answers these `private, no-store` anyway.)
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|comment_pending_[0-9]+)="
        || req.url ~ "[?&]replytocom="
        || req.url ~ "^/admin/") {
        return (pass);
    }
    # Only the parameters that make another page (page, cpage: `vary_on_query` in the apps)
    # are part of the address; `?utm_source=…` and the like are the same page, one object.
    if (req.url ~ "\?") {
        set req.url = std.querysort(req.url);
        set req.url = regsuball(req.url, "([?&])(?!(?:page|cpage)=)[^&]*", "\1");
        set req.url = regsuball(req.url, "&&+", "&");
        set req.url = regsub(req.url, "\?&", "?");
        set req.url = regsub(req.url, "[?&]+$", "");
    }
    # Heartbeat: when the site has not been asked anything for half a second, this request
    # goes to it (and hears about every change since).
    if (std.real(var.global_get("contact"), 0) < std.real(time=now) - 0.5) {
        var.global_set("contact", "" + std.real(time=now));
        set req.hash_always_miss = true;
    }
    # Other cookies (the language chosen, a CSRF cookie) go to the site unchanged: a page
    # that reads them is not marked public and is never stored.
    return (hash);
}

sub vcl_hash {
    hash_data(req.url);
    if (req.http.host) {
        hash_data(req.http.host);
    } else {
        hash_data(server.ip);
    }
    # Pages carry absolute links: http and https copies are different objects.
    hash_data(req.http.X-Forwarded-Proto);
    return (lookup);
}

sub vcl_backend_fetch {
    set bereq.http.X-Invalidations-Seen = var.global_get("seen");
}

sub vcl_backend_response {
    # What changed since the last answer: banned (xkey.purge works on client requests only;
    # a ban on the objects' own xkey header applies at once, to every later lookup).
    if (beresp.http.X-Invalidate-All) {
        std.ban("obj.status != 0");
    } elsif (beresp.http.X-Invalidate-Pattern) {
        # No quotes: the ban's parser would take them as part of the expression (the
        # pattern holds no space, so it is one word).
        std.ban("obj.http.xkey ~ " + beresp.http.X-Invalidate-Pattern);
    }
    if (beresp.http.X-Invalidations-Upto) {
        var.global_set("seen", beresp.http.X-Invalidations-Upto);
        var.global_set("contact", "" + std.real(time=now));
    }
    unset beresp.http.X-Invalidate-Pattern;
    unset beresp.http.X-Invalidate-All;
    unset beresp.http.X-Invalidations-Upto;

    if (beresp.status != 200 || beresp.http.Set-Cookie || beresp.http.Cache-Control !~ "(^|,)\s*public") {
        # Personal, an error or a redirect: never shared. Remembered for a moment so that
        # requests for it do not wait for one another.
        set beresp.uncacheable = true;
        set beresp.ttl = 10s;
        return (deliver);
    }
    # The TTL comes from the page's s-maxage (the site shortens it before a scheduled
    # article goes live); changes end it earlier, by key.
    if (bereq.url ~ "^/(media|static)/") {
        # Files named after their content: kept as long as the site allows, up to a day.
        if (beresp.ttl > 1d) {
            set beresp.ttl = 1d;
        }
    } elsif (beresp.ttl > 1h) {
        set beresp.ttl = 1h;
    }
    set beresp.grace = 0s;
    set beresp.keep = 1h;
    return (deliver);
}

sub vcl_deliver {
    unset resp.http.xkey;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
}
