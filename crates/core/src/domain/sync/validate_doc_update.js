function (newDoc, oldDoc, userCtx, secObj) {
  // Exhibit's rules for a case database (docs/FORMATS.md §12). The server itself keeps
  // non-members out of a database whose _security names members; CouchDB also passes that
  // object here, so the rule is checked again where it is given.
  var admin = userCtx.roles.indexOf('_admin') !== -1;
  if (newDoc._id.indexOf('_design/') === 0) {
    if (!admin) { throw({ unauthorized: 'only an admin changes the rules of a case database' }); }
    return;
  }
  var members = (secObj && secObj.members && secObj.members.names) || null;
  if (!admin && members && members.length && members.indexOf(userCtx.name) === -1) {
    throw({ unauthorized: 'only members of this case write to it' });
  }
  if (newDoc._deleted) { throw({ forbidden: 'an event is never deleted' }); }
  if (oldDoc && !oldDoc._deleted) { throw({ forbidden: 'an event is never changed: ' + newDoc._id + ' exists' }); }
  if (newDoc.type !== 'exhibit-event' || !newDoc.event || typeof newDoc.reviewer !== 'string') {
    throw({ forbidden: 'only Exhibit events are written here' });
  }
  if (newDoc.event.reviewer !== newDoc.reviewer) {
    throw({ forbidden: 'the event is not the reviewer\'s own' });
  }
  if (!admin && newDoc.reviewer !== userCtx.name) {
    throw({ forbidden: 'a reviewer writes only their own events (' + userCtx.name + ' wrote one of ' + newDoc.reviewer + ')' });
  }
}
