import { describe, expect, it } from "vitest";
import { launchOriginsFromLti11, MAX_LAUNCH_ORIGINS, newLaunchOrigins } from "./launch-origins";

describe("launchOriginsFromLti11", () => {
  it("takes the origins of the return and instance URLs, once each, without path, query or credentials", () => {
    expect(
      launchOriginsFromLti11({
        launch_presentation_return_url: "https://School.Instructure.com:443/courses/1/external_content/success/external_tool_redirect?x=1",
        tool_consumer_instance_url: "https://user:pw@school.instructure.com/",
      }),
    ).toEqual(["https://school.instructure.com"]);
    expect(
      launchOriginsFromLti11({
        launch_presentation_return_url: "http://moodle.local:8080/mod/lti/return.php?course=2",
        tool_consumer_instance_url: "https://moodle.example.edu",
      }),
    ).toEqual(["http://moodle.local:8080", "https://moodle.example.edu"]);
  });

  it("ignores what is not an http(s) URL, and unsigned hints such as lis_outcome_service_url's absence", () => {
    expect(launchOriginsFromLti11({})).toEqual([]);
    expect(
      launchOriginsFromLti11({
        launch_presentation_return_url: "javascript:alert(1)",
        tool_consumer_instance_url: "not a url",
      }),
    ).toEqual([]);
    expect(launchOriginsFromLti11({ launch_presentation_return_url: `https://lms.example/${"a".repeat(2100)}` })).toEqual([]);
    expect(launchOriginsFromLti11({ launch_presentation_return_url: "data:text/html,hi" })).toEqual([]);
  });
});

describe("newLaunchOrigins", () => {
  it("returns only unknown origins, and never more than the cap allows", () => {
    expect(newLaunchOrigins(["https://a.example"], ["https://a.example"])).toEqual([]);
    expect(newLaunchOrigins(["https://a.example"], ["https://a.example", "https://b.example"])).toEqual(["https://b.example"]);
    const full = Array.from({ length: MAX_LAUNCH_ORIGINS }, (_, i) => `https://lms${i}.example`);
    expect(newLaunchOrigins(full, ["https://one-more.example"])).toEqual([]);
    expect(newLaunchOrigins(full.slice(1), ["https://x.example", "https://y.example"])).toEqual(["https://x.example"]);
  });
});
