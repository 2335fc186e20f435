vcl 4.1;
# Varnish in front of the newsroom (`make serve-varnish`; Debian's varnish and
# varnish-modules). It shares the pages the site marks `Cache-Control: public` (the same
# bytes for every anonymous reader), passes everything personal, lets concurrent misses of
# one page wait for a single fetch, and drops objects by key when the site sends
# `PURGE` with `xkey-purge: <keys>` (core/purge.py, from a Celery task).
#
# A shared page lives 0.5 s here, then is revalidated with the site (If-None-Match: a 304
# costs the site a lookup in its own cache). So even when a purge cannot be delivered, a
# retracted article is gone within a second; the purge makes it immediate.
import std;
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

sub vcl_backend_response {
    if (beresp.status != 200 || beresp.http.Set-Cookie || beresp.http.Cache-Control !~ "(^|,)\s*public") {
        # Personal, an error or a redirect: never shared. Remembered for a moment so that
        # requests for it do not wait for one another.
        set beresp.uncacheable = true;
        set beresp.ttl = 10s;
        return (deliver);
    }
    set beresp.ttl = 0.5s;
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
