import { Identity1795692123638 } from './1795692123638-Identity';
import { IdempotencyKeys1795692547532 } from './1795692547532-IdempotencyKeys';
import { ClientsAndCouples1795693318632 } from './1795693318632-ClientsAndCouples';
import { ProgramsAndEnrollments1795693765279 } from './1795693765279-ProgramsAndEnrollments';
import { GroupsAndSessions1795693857630 } from './1795693857630-GroupsAndSessions';
import { ExercisesAndAssignments1795695304221 } from './1795695304221-ExercisesAndAssignments';
import { GroupMembershipRecords1795697328032 } from './1795697328032-GroupMembershipRecords';
import { EndGroupMembershipsOfArchivedClients1795698000000 } from './1795698000000-EndGroupMembershipsOfArchivedClients';
import { AuditEventsAppendOnlyByPrivilege1795699000000 } from './1795699000000-AuditEventsAppendOnlyByPrivilege';
import { OrganizationTimeZone1795701000000 } from './1795701000000-OrganizationTimeZone';
import { Commitments1795701000001 } from './1795701000001-Commitments';
import { Boundaries1795702000000 } from './1795702000000-Boundaries';
import { InstrumentsAndMeasurements1795703000000 } from './1795703000000-InstrumentsAndMeasurements';
import { OrganizationSingleSignOn1796169913167 } from './1796169913167-OrganizationSingleSignOn';
import { SingleSignOnPolicies1796170906635 } from './1796170906635-SingleSignOnPolicies';
import { ChangesFeed1796182662727 } from './1796182662727-ChangesFeed';
import { Webhooks1796183571769 } from './1796183571769-Webhooks';
import { ChangesByClients1796190000000 } from './1796190000000-ChangesByClients';
import { AssignmentShareReflection1796200000000 } from './1796200000000-AssignmentShareReflection';
import { InstrumentCadence1796200100000 } from './1796200100000-InstrumentCadence';
import { ClientNameWords1796183355057 } from './1796183355057-ClientNameWords';
import { ClientPortal1796183014413 } from './1796183014413-ClientPortal';
import { ClientsRecordInPortal1796185000000 } from './1796185000000-ClientsRecordInPortal';

/** Every migration in order; new ones are appended. */
export const MIGRATIONS: Function[] = [
  Identity1795692123638,
  IdempotencyKeys1795692547532,
  ClientsAndCouples1795693318632,
  ProgramsAndEnrollments1795693765279,
  GroupsAndSessions1795693857630,
  ExercisesAndAssignments1795695304221,
  GroupMembershipRecords1795697328032,
  EndGroupMembershipsOfArchivedClients1795698000000,
  AuditEventsAppendOnlyByPrivilege1795699000000,
  OrganizationTimeZone1795701000000,
  Commitments1795701000001,
  Boundaries1795702000000,
  InstrumentsAndMeasurements1795703000000,
  OrganizationSingleSignOn1796169913167,
  SingleSignOnPolicies1796170906635,
  ChangesFeed1796182662727,
  ClientPortal1796183014413,
  ClientNameWords1796183355057,
  Webhooks1796183571769,
  ClientsRecordInPortal1796185000000,
  ChangesByClients1796190000000,
  AssignmentShareReflection1796200000000,
  InstrumentCadence1796200100000,
];
