// A large Microsoft Project XML (MSPDI) file for the big-import test and the
// bench: the project header and calendars of a reference network
// (tests/fixtures/mspdi-reference/net-04.xml, written by MPXJ as Project
// writes it), then `tasks` tasks written in the same layout, each linked to
// the one before it (finish-to-start) and every fifth to the task five
// before (start-to-start with a lag), so the plan has a real network.
//
//   bigMspdi({ tasks, title }) → { xml, tasks, title }
//   bigMspdiFile(name, options) → { file, xml, tasks, title }: written to a
//     temporary folder, for `setInputFiles(selector, file)`: the browser then
//     reads it from disk, whereas a buffer is decoded on the page's thread
//     by the test driver (over a second for 5 MB), which is not the app's.
//
// 3,000 tasks make a file of about 5 MB.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const REFERENCE = path.resolve(here, '../fixtures/mspdi-reference/net-04.xml');

function task(i) {
  const links = [];
  if (i > 1) links.push([i - 1, 1, 0]);
  if (i > 5 && i % 5 === 0) links.push([i - 5, 3, 4800]);
  return `        <Task>
            <UID>${i}</UID>
            <ID>${i}</ID>
            <Name>Work package ${i}</Name>
            <Active>1</Active>
            <Manual>0</Manual>
            <Type>0</Type>
            <IsNull>0</IsNull>
            <WBS>${i}</WBS>
            <OutlineNumber>${i}</OutlineNumber>
            <OutlineLevel>1</OutlineLevel>
            <Priority>500</Priority>
            <Start>2027-03-02T08:00:00</Start>
            <Finish>2027-03-02T16:00:00</Finish>
            <Duration>PT${4 + (i % 5) * 2}H0M0S</Duration>
            <DurationFormat>5</DurationFormat>
            <ResumeValid>0</ResumeValid>
            <EffortDriven>0</EffortDriven>
            <Recurring>0</Recurring>
            <OverAllocated>0</OverAllocated>
            <Estimated>0</Estimated>
            <Milestone>0</Milestone>
            <Summary>0</Summary>
            <Critical>0</Critical>
            <IsSubproject>0</IsSubproject>
            <IsSubprojectReadOnly>0</IsSubprojectReadOnly>
            <ExternalTask>0</ExternalTask>
            <FixedCostAccrual>3</FixedCostAccrual>
            <CalendarUID>-1</CalendarUID>
            <LevelAssignments>0</LevelAssignments>
            <LevelingCanSplit>0</LevelingCanSplit>
            <IgnoreResourceCalendar>0</IgnoreResourceCalendar>
            <HideBar>0</HideBar>
            <Rollup>0</Rollup>
            <EarnedValueMethod>0</EarnedValueMethod>
${links.map(([uid, type, lag]) => `            <PredecessorLink>
                <PredecessorUID>${uid}</PredecessorUID>
                <Type>${type}</Type>
                <CrossProject>0</CrossProject>
                <LinkLag>${lag}</LinkLag>
                <LagFormat>5</LagFormat>
            </PredecessorLink>
`).join('')}        </Task>
`;
}

export function bigMspdi({ tasks = 3000, title = 'Big rollout' } = {}) {
  const reference = fs.readFileSync(REFERENCE, 'utf8');
  const head = reference.slice(0, reference.indexOf('<Tasks>') + '<Tasks>'.length)
    .replace(/<Title>[^<]*<\/Title>/, `<Title>${title}</Title>`);
  const body = [];
  for (let i = 1; i <= tasks; i++) body.push(task(i));
  const xml = `${head}\n${body.join('')}    </Tasks>\n    <Resources/>\n    <Assignments/>\n</Project>\n`;
  return { xml, tasks, title };
}

export function bigMspdiFile(name, options) {
  const made = bigMspdi(options);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msp-big-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, made.xml);
  return { ...made, file };
}
