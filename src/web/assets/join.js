// The join page: waits for the room to open, checks camera and microphone, then connects to LiveKit
// with a short-lived token that it asks our API for (never one baked into the page or a link).
// Plain browser JavaScript, served from our origin; livekit-client's UMD build defines LivekitClient.
(function () {
  'use strict';
  var dataEl = document.getElementById('join-data');
  if (!dataEl) return;
  var data = JSON.parse(dataEl.textContent);
  var msg = data.messages;
  var $ = function (id) {
    return document.getElementById(id);
  };
  var statusEl = $('join-status');
  var alertEl = $('join-alert');

  function say(text) {
    if (statusEl) statusEl.textContent = text;
  }
  function alarm(text) {
    if (alertEl) alertEl.textContent = text || '';
  }

  if (data.state === 'not_yet') {
    // Reload when the room opens (timers cap at ~24.8 days; re-check at least hourly).
    setTimeout(
      function () {
        location.reload();
      },
      Math.min(Math.max(data.opensInMs, 1000), 3600000),
    );
    return;
  }
  if (data.state !== 'open') return;

  var LK = window.LivekitClient;
  var preview = null; // MediaStream of the device check
  var room = null;
  var leaving = false;
  var retryTimer = null;
  var micOn = true;
  var camOn = true;

  function stopPreview() {
    if (preview)
      preview.getTracks().forEach(function (t) {
        t.stop();
      });
    preview = null;
  }

  function fillSelect(select, devices, current) {
    select.textContent = '';
    devices.forEach(function (d, i) {
      var o = document.createElement('option');
      o.value = d.deviceId;
      o.textContent = d.label || select.id + ' ' + (i + 1);
      if (d.deviceId === current) o.selected = true;
      select.appendChild(o);
    });
    select.disabled = devices.length === 0;
  }

  function startDevices() {
    alarm('');
    var cam = $('camera').value,
      mic = $('microphone').value;
    stopPreview();
    return navigator.mediaDevices
      .getUserMedia({
        video: cam ? { deviceId: { exact: cam } } : true,
        audio: mic ? { deviceId: { exact: mic } } : true,
      })
      .then(function (stream) {
        preview = stream;
        $('preview').srcObject = stream;
        $('preview-box').hidden = false;
        return navigator.mediaDevices.enumerateDevices().then(function (all) {
          var v = stream.getVideoTracks()[0],
            a = stream.getAudioTracks()[0];
          fillSelect(
            $('camera'),
            all.filter(function (d) {
              return d.kind === 'videoinput';
            }),
            v && v.getSettings().deviceId,
          );
          fillSelect(
            $('microphone'),
            all.filter(function (d) {
              return d.kind === 'audioinput';
            }),
            a && a.getSettings().deviceId,
          );
        });
      })
      .catch(function () {
        alarm(msg.devicesFailed);
      });
  }

  function fetchToken() {
    return fetch(data.apiUrl, {
      method: 'POST',
      credentials: 'same-origin',
      // The staff host page calls the staff API with the session cookie, which needs its CSRF header.
      headers: data.csrfToken
        ? { Accept: 'application/json', 'X-CSRF-Token': data.csrfToken }
        : { Accept: 'application/json' },
    }).then(function (res) {
      return res
        .json()
        .catch(function () {
          return {};
        })
        .then(function (body) {
          return { status: res.status, body: body, retryAfter: res.headers.get('Retry-After') };
        });
    });
  }

  // Clears "Connecting…": a status that contradicts the alert beside it confuses, most of all on a screen reader.
  function retryLater(text, seconds) {
    say('');
    alarm(text);
    $('join').disabled = false;
    clearTimeout(retryTimer);
    retryTimer = setTimeout(join, seconds * 1000);
  }

  function attach(track) {
    if (track.kind === 'video' || track.kind === 'audio') {
      var el = track.attach();
      if (track.kind === 'video') el.setAttribute('aria-label', msg.other);
      $('remote').appendChild(el);
    }
  }

  function showPresence() {
    var others = room ? room.remoteParticipants.size : 0;
    say(others > 0 ? msg.connected : msg.waiting);
  }

  function join() {
    leaving = false;
    clearTimeout(retryTimer);
    alarm('');
    say(msg.connecting);
    $('join').disabled = true;
    fetchToken()
      .then(function (r) {
        if (r.status === 503) return retryLater(msg.unavailable, Number(r.retryAfter) || 15);
        // This page was served inside the window and time only moves on, so a refusal now means the room
        // has closed (or the meeting was cancelled). The browser's clock is not asked: it may be wrong.
        if (r.status === 403 || r.status === 404) {
          $('join').disabled = false;
          say('');
          alarm(msg.closed);
          return;
        }
        if (r.status !== 200 || !LK) return retryLater(msg.failed, 10);
        return connect(r.body);
      })
      .catch(function () {
        retryLater(msg.failed, 10);
      });
  }

  function connect(grant) {
    var cam = $('camera').value,
      mic = $('microphone').value;
    var r = new LK.Room({ adaptiveStream: true, dynacast: true });
    room = r;
    r.on(LK.RoomEvent.TrackSubscribed, function (track) {
      attach(track);
    })
      .on(LK.RoomEvent.TrackUnsubscribed, function (track) {
        track.detach().forEach(function (el) {
          el.remove();
        });
      })
      .on(LK.RoomEvent.ParticipantConnected, showPresence)
      .on(LK.RoomEvent.ParticipantDisconnected, function () {
        if (room && room.remoteParticipants.size === 0) say(msg.otherLeft);
      })
      .on(LK.RoomEvent.Reconnecting, function () {
        alarm(msg.reconnecting);
      })
      .on(LK.RoomEvent.Reconnected, function () {
        alarm('');
        showPresence();
      })
      .on(LK.RoomEvent.Disconnected, function () {
        $('remote').textContent = '';
        if (leaving) return;
        // Dropped for good (network, or the room closed): ask for a fresh token and try again.
        $('room').hidden = true;
        $('check').hidden = false;
        retryLater(msg.reconnecting, 5);
      });
    return r
      .connect(grant.serverUrl, grant.token)
      .then(function () {
        // The preview keeps running until now, so a failed connection still leaves the camera check
        // working; it stops before LiveKit opens the devices itself (some phones allow one user at a time).
        stopPreview();
        $('join').disabled = false;
        $('check').hidden = true;
        $('after').hidden = true;
        $('room').hidden = false;
        showPresence();
        room.remoteParticipants.forEach(function (p) {
          p.trackPublications.forEach(function (pub) {
            if (pub.track) attach(pub.track);
          });
        });
        return Promise.all([
          room.localParticipant.setMicrophoneEnabled(micOn, mic ? { deviceId: mic } : undefined),
          room.localParticipant.setCameraEnabled(camOn, cam ? { deviceId: cam } : undefined),
        ])
          .then(function () {
            var pub = room.localParticipant.getTrackPublication(LK.Track.Source.Camera);
            if (pub && pub.track) pub.track.attach($('local'));
          })
          .catch(function () {
            alarm(msg.devicesFailed);
          });
      })
      .catch(function () {
        if (room === r) room = null;
        retryLater(msg.failed, 10);
      });
  }

  function leave() {
    leaving = true;
    clearTimeout(retryTimer);
    if (room) room.disconnect();
    room = null;
    say('');
    alarm('');
    $('room').hidden = true;
    $('after').hidden = false;
    $('rejoin').focus();
  }

  $('start-devices').addEventListener('click', startDevices);
  $('camera').addEventListener('change', startDevices);
  $('microphone').addEventListener('change', startDevices);
  $('join').addEventListener('click', join);
  $('rejoin').addEventListener('click', function () {
    $('after').hidden = true;
    join();
  });
  $('leave').addEventListener('click', leave);
  $('mute').addEventListener('click', function () {
    micOn = !micOn;
    if (room) room.localParticipant.setMicrophoneEnabled(micOn);
    // The label names what a press does next; no aria-pressed too, which would read as a contradiction.
    this.textContent = micOn ? msg.mute : msg.unmute;
  });
  $('camera-toggle').addEventListener('click', function () {
    camOn = !camOn;
    if (room) room.localParticipant.setCameraEnabled(camOn);
    this.textContent = camOn ? msg.cameraOff : msg.cameraOn;
  });
  window.addEventListener('pagehide', function () {
    leaving = true;
    if (room) room.disconnect();
  });
})();
